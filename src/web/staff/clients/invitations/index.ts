export { InviteContactsButton, type InviteContactsButtonProps } from './invite-contacts-button.tsx';
export { InviteLinksPanel, type InviteLinksPanelProps } from './invite-links-panel.tsx';
export { ResetPasswordButton, type ResetPasswordButtonProps } from './reset-password-button.tsx';
