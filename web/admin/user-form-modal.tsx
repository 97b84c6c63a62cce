import { App as AntApp, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type DirectoryUser, type UserInput, useCreateUser, useRoles, useUpdateUser } from '../api/directory';
import { DepartmentSelect } from './department-select';
import { directoryProblem, passwordOk } from './server-problems';

interface Values {
  name: string;
  email: string;
  phone?: string;
  password?: string;
  mainDepartmentId?: string | null;
  departmentIds?: string[];
  roleIds?: string[];
  isAdmin?: boolean;
}

/** 邀请成员 (with a first password) or 编辑成员: name, e-mail, phone, departments, roles, admin. */
export function UserFormModal({
  user,
  open,
  onClose,
}: {
  user?: DirectoryUser;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const roles = useRoles();
  const create = useCreateUser();
  const update = useUpdateUser();
  const editing = !!user;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user)
      form.setFieldsValue({
        name: user.name,
        email: user.email,
        phone: user.phone ?? '',
        mainDepartmentId: user.mainDepartmentId ?? null,
        departmentIds: user.departmentIds,
        roleIds: user.roleIds ?? [],
        isAdmin: !!user.isAdmin,
      });
  }, [open, user, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const departmentIds = [
      ...new Set([...(v.departmentIds ?? []), ...(v.mainDepartmentId ? [v.mainDepartmentId] : [])]),
    ];
    const input: UserInput = {
      name: v.name.trim(),
      email: v.email.trim(),
      phone: v.phone?.trim() || null,
      mainDepartmentId: v.mainDepartmentId || (editing ? null : undefined),
      departmentIds,
      roleIds: v.roleIds ?? [],
      isAdmin: !!v.isAdmin,
      ...(editing ? {} : { password: v.password }),
    };
    const onError = (e: unknown) => {
      const p = directoryProblem(e, t);
      if (p.field && form.getFieldInstance(p.field as keyof Values))
        form.setFields([{ name: p.field as keyof Values, errors: [p.message] }]);
      else message.error(p.message);
    };
    if (user)
      update.mutate(
        { id: user.id, ...input },
        {
          onSuccess: () => {
            message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    else
      create.mutate(input, {
        onSuccess: (u) => {
          message.success(t('admin.users.invited', { name: u.name }));
          onClose();
        },
        onError,
      });
  };

  return (
    <Modal
      open={open}
      title={editing ? t('admin.users.editTitle') : t('admin.users.inviteTitle')}
      okText={editing ? t('common.save') : t('admin.users.invite')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        name="member"
        layout="vertical"
        className="admin-form"
        initialValues={{ isAdmin: false, departmentIds: [], roleIds: [] }}
      >
        <Form.Item
          name="name"
          label={t('admin.users.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('admin.users.email')}
          rules={[
            { required: true, message: t('common.required') },
            { type: 'email', message: t('admin.users.emailInvalid') },
          ]}
        >
          <Input maxLength={320} autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.users.phone')}>
          <Input maxLength={32} />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('admin.users.firstPassword')}
            extra={t('admin.users.firstPasswordHelp')}
            rules={[
              { required: true, message: t('common.required') },
              {
                validator: (_r, v: string) =>
                  !v || passwordOk(v) ? Promise.resolve() : Promise.reject(new Error(t('account.rule'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" placeholder={t('account.rule')} />
          </Form.Item>
        )}
        <Form.Item name="mainDepartmentId" label={t('admin.users.mainDepartment')}>
          <DepartmentSelect />
        </Form.Item>
        <Form.Item name="departmentIds" label={t('admin.users.departments')}>
          <DepartmentSelect multiple />
        </Form.Item>
        <Form.Item name="roleIds" label={t('admin.users.roles')} extra={t('admin.users.rolesHelp')}>
          <Select
            mode="multiple"
            allowClear
            loading={roles.isLoading}
            options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          name="isAdmin"
          label={t('admin.users.isAdmin')}
          extra={t('admin.users.isAdminHelp')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
