import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode, TreeProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type OrgDepartment,
  useCreateDepartment,
  useDeleteDepartment,
  useDepartments,
  useRoles,
  useUpdateDepartment,
  useUsers,
} from '../api/directory';
import { DepartmentSelect } from './department-select';
import {
  type DepartmentNode,
  type DropPosition,
  buildDepartmentTree,
  descendantIds,
  moveDepartment,
} from './department-tree';
import { directoryProblem } from './server-problems';

const toTreeData = (nodes: DepartmentNode[], counts: Map<string, number>): TreeDataNode[] =>
  nodes.map((n) => ({
    key: n.department.id,
    title: (
      <span className="dept-node">
        <span>{n.department.name}</span>
        {!!counts.get(n.department.id) && <span className="dept-count">{counts.get(n.department.id)}</span>}
      </span>
    ),
    children: toTreeData(n.children, counts),
  }));

/** 部门: the tree (drag to move), and the selected department's name, parent, head, inherited roles and members. */
export default function DepartmentsTab() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const departments = useDepartments();
  const users = useUsers();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const remove = useDeleteDepartment();
  const list = useMemo(() => departments.data ?? [], [departments.data]);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [adding, setAdding] = useState<{ parentId: string | null } | null>(null);
  const [addForm] = Form.useForm<{ name: string; parentId: string | null }>();
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const u of users.data ?? []) for (const d of u.departmentIds) m.set(d, (m.get(d) ?? 0) + 1);
    return m;
  }, [users.data]);
  const treeData = useMemo(() => toTreeData(buildDepartmentTree(list), counts), [list, counts]);
  const selected = list.find((d) => d.id === selectedId);

  const onDrop: TreeProps['onDrop'] = async (info) => {
    const dragId = String(info.dragNode.key);
    const targetId = String(info.node.key);
    // antd: dropToGap = between nodes; dropPosition is relative to the target's index (-1 before, +1 after).
    const rel = info.dropPosition - Number(info.node.pos.split('-').pop());
    const position: DropPosition = !info.dropToGap ? 'inside' : rel < 0 ? 'before' : 'after';
    const patches = moveDepartment(list, dragId, targetId, position);
    if (!patches) return void message.warning(t('admin.departments.cannotMove'));
    try {
      for (const p of patches) await update.mutateAsync(p);
      message.success(t('admin.departments.moved'));
    } catch (e) {
      message.error(directoryProblem(e, t).message);
    }
  };

  const submitAdd = async () => {
    const v = await addForm.validateFields();
    create.mutate(
      { name: v.name.trim(), parentId: v.parentId ?? null },
      {
        onSuccess: (d) => {
          message.success(t('admin.departments.created', { name: d.name }));
          setAdding(null);
          setSelectedId(d.id);
        },
        onError: (e) => message.error(directoryProblem(e, t).message),
      },
    );
  };

  const openAdd = (parentId: string | null) => {
    addForm.resetFields();
    addForm.setFieldsValue({ parentId });
    setAdding({ parentId });
  };

  return (
    <div className="admin-split">
      <Card
        className="admin-split-list"
        size="small"
        title={
          <Space>
            <ApartmentOutlined />
            {t('admin.tabs.departments')}
          </Space>
        }
        extra={
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => openAdd(null)}>
            {t('admin.departments.add')}
          </Button>
        }
      >
        {departments.isLoading ? (
          <div className="full-center">
            <Spin />
          </div>
        ) : list.length ? (
          <>
            <Typography.Text type="secondary" className="panel-hint">
              {t('admin.departments.dragHint')}
            </Typography.Text>
            <Tree
              blockNode
              draggable={{ icon: false }}
              defaultExpandAll
              treeData={treeData}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => setSelectedId(keys[0] ? String(keys[0]) : undefined)}
              onDrop={onDrop}
              allowDrop={({ dragNode, dropNode, dropPosition }) =>
                dropPosition !== 0
                  ? true
                  : !descendantIds(list, String(dragNode.key)).has(String(dropNode.key)) &&
                    dragNode.key !== dropNode.key
              }
            />
          </>
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('admin.departments.empty')}</div>
                <Typography.Text type="secondary">{t('admin.departments.emptyHint')}</Typography.Text>
              </>
            }
          >
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openAdd(null)}>
              {t('admin.departments.add')}
            </Button>
          </Empty>
        )}
      </Card>
      <div className="admin-split-detail">
        {selected ? (
          <DepartmentDetail
            key={selected.id}
            department={selected}
            all={list}
            members={(users.data ?? []).filter((u) => u.departmentIds.includes(selected.id))}
            onAddChild={() => openAdd(selected.id)}
            onDelete={() =>
              modal.confirm({
                title: t('common.delete'),
                content: t('admin.departments.deleteConfirm', { name: selected.name }),
                okButtonProps: { danger: true },
                okText: t('common.delete'),
                onOk: () =>
                  remove.mutateAsync(selected.id).then(
                    () => {
                      message.success(t('common.deleted'));
                      setSelectedId(undefined);
                    },
                    (e) => message.error(directoryProblem(e, t).message),
                  ),
              })
            }
          />
        ) : (
          <Card className="admin-placeholder">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.departments.selectHint')} />
          </Card>
        )}
      </div>
      <Modal
        open={!!adding}
        title={t('admin.departments.add')}
        onOk={submitAdd}
        onCancel={() => setAdding(null)}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={addForm} name="newDepartment" layout="vertical">
          <Form.Item
            name="name"
            label={t('admin.departments.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} autoFocus />
          </Form.Item>
          <Form.Item name="parentId" label={t('admin.departments.parent')}>
            <DepartmentSelect placeholder={t('admin.departments.topLevel')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

interface DetailProps {
  department: OrgDepartment;
  all: OrgDepartment[];
  members: Array<{ id: string; name: string; email: string }>;
  onAddChild: () => void;
  onDelete: () => void;
}

/** One department: rename, parent, head, inherited roles; its members; delete when empty. */
function DepartmentDetail({ department, all, members, onAddChild, onDelete }: DetailProps) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const update = useUpdateDepartment();
  const roles = useRoles();
  const users = useUsers();
  const [form] = Form.useForm<{
    name: string;
    parentId: string | null;
    headUserId: string | null;
    roleIds: string[];
  }>();
  const subtree = useMemo(
    () => new Set([department.id, ...descendantIds(all, department.id)]),
    [all, department.id],
  );
  const values = useMemo(
    () => ({
      name: department.name,
      parentId: department.parentId,
      headUserId: department.headUserId,
      roleIds: department.roleIds,
    }),
    [department],
  );
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    form.setFieldsValue(values);
    setDirty(false);
  }, [values, form]);
  const hasChildren = all.some((d) => d.parentId === department.id);

  const save = async () => {
    const v = await form.validateFields();
    update.mutate(
      {
        id: department.id,
        name: v.name.trim(),
        parentId: v.parentId ?? null,
        headUserId: v.headUserId ?? null,
        roleIds: v.roleIds ?? [],
      },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          setDirty(false);
        },
        onError: (e) => {
          const p = directoryProblem(e, t);
          if (p.field === 'parentId' || p.field === 'name')
            form.setFields([{ name: p.field, errors: [p.message] }]);
          else message.error(p.message);
        },
      },
    );
  };

  return (
    <Card
      title={department.name}
      extra={
        <Space>
          <Button icon={<PlusOutlined />} onClick={onAddChild}>
            {t('admin.departments.addChild')}
          </Button>
          <Button
            danger
            icon={<DeleteOutlined />}
            disabled={hasChildren || members.length > 0}
            title={hasChildren || members.length ? t('admin.departments.notEmpty') : undefined}
            onClick={onDelete}
          >
            {t('common.delete')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        name="department"
        layout="vertical"
        initialValues={values}
        onValuesChange={() => setDirty(true)}
        className="admin-form"
        style={{ maxWidth: 520 }}
      >
        <Form.Item
          name="name"
          label={t('admin.departments.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.departments.parent')}>
          <DepartmentSelect placeholder={t('admin.departments.topLevel')} disabledIds={subtree} />
        </Form.Item>
        <Form.Item name="headUserId" label={t('admin.departments.head')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('admin.departments.noHead')}
            options={(users.data ?? [])
              .filter((u) => u.active !== false)
              .map((u) => ({ value: u.id, label: `${u.name}（${u.email}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="roleIds"
          label={t('admin.departments.roles')}
          extra={t('admin.departments.rolesHelp')}
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Button type="primary" onClick={save} loading={update.isPending} disabled={!dirty}>
          {t('common.save')}
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('admin.departments.members')}{' '}
        <Typography.Text type="secondary">
          {t('admin.departments.memberCount', { count: members.length })}
        </Typography.Text>
      </Typography.Title>
      {members.length ? (
        <Space size={[6, 6]} wrap>
          {members.map((m) => (
            <Tag key={m.id} title={m.email}>
              {m.name}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('admin.departments.noMembers')}</Typography.Text>
      )}
    </Card>
  );
}
