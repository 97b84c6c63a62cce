import type { useAppProps } from 'antd/es/app/context';
import { Modal, message, notification } from 'antd';
import { useEffect } from 'react';

/**
 * What Ant Design's App renders for its `message`, `notification` and `modal` hooks, loaded by
 * feedback-provider.tsx the first time the page may need one: the APIs go to `onReady`.
 */
export default function FeedbackHolders({ onReady }: { onReady: (api: useAppProps) => void }) {
  const [messageApi, messageHolder] = message.useMessage();
  const [notificationApi, notificationHolder] = notification.useNotification();
  const [modalApi, modalHolder] = Modal.useModal();
  useEffect(
    () => onReady({ message: messageApi, notification: notificationApi, modal: modalApi }),
    [onReady, messageApi, notificationApi, modalApi],
  );
  return (
    <>
      {modalHolder}
      {messageHolder}
      {notificationHolder}
    </>
  );
}
