import { BranchesOutlined, RedoOutlined, SaveOutlined, TableOutlined, UndoOutlined } from '@ant-design/icons';
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { App as AntApp, Alert, Badge, Button, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import { useApps, useFormsByApp } from '../api/apps';
import { ApiError } from '../api/client';
import { useForm, useSaveForm } from '../api/forms';
import type { FieldDef, FieldTypeName } from '../api/types';
import { Canvas, FieldGhost } from '../builder/canvas';
import { PALETTE_PREFIX, dropAction } from '../builder/drop';
import {
  type BuilderField,
  changeFieldType,
  createField,
  duplicateField,
  fromDefinition,
  insertField,
  localProblems,
  moveField,
  nextFieldKey,
  removeField,
  toFormInput,
  updateField,
} from '../builder/fields';
import { FormSettings } from '../builder/form-settings';
import { MigrationSummary } from '../builder/migration-summary';
import { Palette, PaletteGhost } from '../builder/palette';
import { PreviewPane } from '../builder/preview-pane';
import { type FormChoice, PropertyPanel } from '../builder/property-panel';
import { groupBuilderErrors } from '../builder/server-errors';
import { useBuilder } from '../builder/use-builder';
import { errorMessage } from '../records/errors';

let uidSeq = 0;
const newUid = () => `new-${++uidSeq}`;

interface ServerErrors {
  fields: Map<string, Array<{ prop: string; message: string }>>;
  form: Array<{ path: string; message: string }>;
}
const noErrors: ServerErrors = { fields: new Map(), form: [] };

/** `/forms/:formId/builder`: palette, canvas, properties and live preview; Save replaces the definition. */
export default function BuilderPage() {
  const { formId = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const form = useForm(formId);
  const save = useSaveForm(formId);
  const apps = useApps();
  const formsByApp = useFormsByApp(apps.data);
  const b = useBuilder();
  const [selected, setSelected] = useState<string | undefined>();
  const [mode, setMode] = useState<'design' | 'preview'>('design');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<ServerErrors>(noErrors);
  const loadedFor = useRef<string>('');

  useEffect(() => {
    if (form.data && loadedFor.current !== formId) {
      loadedFor.current = formId;
      b.load(fromDefinition(form.data, newUid));
      setSelected(undefined);
      setServerErrors(noErrors);
    }
  }, [form.data, formId, b]);

  const state = b.state;
  const fields = useMemo(() => state?.fields ?? [], [state]);
  const removedKeys = useMemo(() => (form.data?.removedFields ?? []).map((f) => f.key), [form.data]);
  const problems = useMemo(() => localProblems(fields), [fields]);
  const forms: FormChoice[] = useMemo(
    () =>
      (apps.data ?? []).flatMap((a) =>
        (formsByApp.get(a.id) ?? []).map((f) => ({ id: f.id, name: f.name, appName: a.name })),
      ),
    [apps.data, formsByApp],
  );

  const setFields = useCallback(
    (fn: (f: BuilderField[]) => BuilderField[], coalesce?: string) =>
      b.change((s) => ({ ...s, fields: fn(s.fields) }), coalesce),
    [b],
  );
  const texts = useCallback(
    (type: FieldTypeName) => ({
      label: t(`fieldTypes.${type}`),
      option: (n: number) => t('builder.newOption', { n }),
    }),
    [t],
  );

  const add = (type: FieldTypeName, index?: number) => {
    const uid = newUid();
    setFields((list) => {
      const at =
        index ?? (selected ? list.findIndex((f) => f.uid === selected) + 1 || list.length : list.length);
      return insertField(list, createField(type, uid, nextFieldKey(list, removedKeys), texts(type)), at);
    });
    setSelected(uid);
  };

  // Undo/redo from the keyboard, except while typing in a text box (the browser undoes text there).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, [contenteditable=true]')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        b.undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        b.redo();
      } else if (k === 's') {
        e.preventDefault();
        void onSave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // Leaving with unsaved changes asks first: in-app navigation, and closing the tab.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => b.dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('builder.unsavedTitle'),
      content: t('builder.unsavedText'),
      okText: t('builder.leave'),
      cancelText: t('builder.stay'),
      okButtonProps: { danger: true },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!b.dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [b.dirty]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragStart = (e: DragStartEvent) => setActiveId(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setActiveId(null);
    const action = dropAction(fields, String(e.active.id), e.over ? String(e.over.id) : null);
    if (action?.kind === 'insert') add(action.type, action.index);
    if (action?.kind === 'move') setFields((list) => moveField(list, action.from, action.to));
  };

  async function onSave() {
    if (!state || save.isPending) return;
    if (problems.size) {
      message.error(t('builder.localInvalid'));
      setSelected([...problems.keys()][0]);
      return;
    }
    const sent = state.fields;
    try {
      const saved = await save.mutateAsync(toFormInput(state));
      const index = sent.findIndex((f) => f.uid === selected);
      const next = fromDefinition(saved, newUid);
      b.load(next);
      setSelected(index >= 0 ? next.fields[index]?.uid : undefined);
      setServerErrors(noErrors);
      if (saved.migration)
        modal.success({
          title: t('builder.migration.title'),
          content: <MigrationSummary migration={saved.migration} />,
          okText: t('common.ok'),
        });
      else message.success(t('builder.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({
          title: t('builder.conflict'),
          okText: t('common.reload'),
          onOk: () => {
            loadedFor.current = '';
            void form.refetch();
          },
        });
      } else if (e instanceof ApiError && e.details.length) {
        const grouped = groupBuilderErrors(e.details);
        const byUid = new Map<string, Array<{ prop: string; message: string }>>();
        grouped.fields.forEach((list, i) => sent[i] && byUid.set(sent[i].uid, list));
        setServerErrors({ fields: byUid, form: grouped.form });
        setSelected(byUid.keys().next().value);
        message.error(t('builder.invalid'));
      } else message.error(errorMessage(e, t));
    }
  }

  if (form.isError)
    return (
      <div className="page">
        <Alert type="warning" showIcon title={errorMessage(form.error, t)} />
      </div>
    );
  if (!state)
    return (
      <div className="full-center">
        <Spin />
      </div>
    );

  const current = fields.find((f) => f.uid === selected);
  const activeField =
    activeId && !activeId.startsWith(PALETTE_PREFIX) ? fields.find((f) => f.uid === activeId) : undefined;
  const problemCount = (uid: string) =>
    Object.keys(problems.get(uid) ?? {}).length + (serverErrors.fields.get(uid)?.length ?? 0);

  return (
    <div className="page builder-page">
      <div className="page-toolbar">
        <Space size={12}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {state.name}
          </Typography.Title>
          <Typography.Text type="secondary">{t('builder.title')}</Typography.Text>
        </Space>
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'design' | 'preview')}
          options={[
            { value: 'design', label: t('builder.design') },
            { value: 'preview', label: t('builder.preview') },
          ]}
        />
        <Space>
          <Tooltip title={`${t('builder.undo')} (Ctrl+Z)`}>
            <Button
              icon={<UndoOutlined />}
              disabled={!b.canUndo}
              onClick={b.undo}
              aria-label={t('builder.undo')}
            />
          </Tooltip>
          <Tooltip title={`${t('builder.redo')} (Ctrl+Shift+Z)`}>
            <Button
              icon={<RedoOutlined />}
              disabled={!b.canRedo}
              onClick={b.redo}
              aria-label={t('builder.redo')}
            />
          </Tooltip>
          <Link to={`/forms/${formId}`}>
            <Button icon={<TableOutlined />}>{t('builder.openData')}</Button>
          </Link>
          <Link to={`/forms/${formId}/workflow`}>
            <Button icon={<BranchesOutlined />}>{t('workflow.entry')}</Button>
          </Link>
          <Badge dot={b.dirty}>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={save.isPending}
              onClick={() => void onSave()}
            >
              {t('builder.save')}
            </Button>
          </Badge>
        </Space>
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveId(null)}
      >
        <div className="builder-body">
          <aside className="builder-side">
            <div className="panel-title">{t('builder.palette')}</div>
            <Palette onAdd={(type) => add(type)} />
          </aside>
          <main
            className="builder-main"
            onClick={(e) => e.target === e.currentTarget && setSelected(undefined)}
          >
            {mode === 'design' ? (
              <Canvas
                fields={fields}
                selected={selected}
                problemCount={problemCount}
                onSelect={setSelected}
                onDuplicate={(uid) => setFields((list) => duplicateField(list, uid, newUid(), removedKeys))}
                onRemove={(uid) => {
                  setFields((list) => removeField(list, uid));
                  if (selected === uid) setSelected(undefined);
                }}
              />
            ) : (
              <PreviewPane fields={fields} />
            )}
          </main>
          <aside className="builder-side builder-props">
            <div className="panel-title">{current ? t('builder.properties') : t('builder.formSettings')}</div>
            {current ? (
              <PropertyPanel
                key={current.uid}
                field={current}
                fields={fields}
                forms={forms}
                problems={problems.get(current.uid) ?? {}}
                serverErrors={serverErrors.fields.get(current.uid) ?? []}
                onChange={(patch: Partial<FieldDef>, coalesce) =>
                  setFields((list) => updateField(list, current.uid, patch), coalesce)
                }
                onChangeType={(type) =>
                  setFields((list) =>
                    list.map((f) => (f.uid === current.uid ? changeFieldType(f, type, texts(type)) : f)),
                  )
                }
              />
            ) : (
              <FormSettings
                name={state.name}
                formKey={state.key}
                errors={serverErrors.form}
                onChange={(patch, coalesce) => b.change((s) => ({ ...s, ...patch }), coalesce)}
              />
            )}
          </aside>
        </div>
        <DragOverlay dropAnimation={null}>
          {activeId?.startsWith(PALETTE_PREFIX) ? (
            <PaletteGhost type={activeId.slice(PALETTE_PREFIX.length) as FieldTypeName} />
          ) : activeField ? (
            <FieldGhost field={activeField} />
          ) : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}
