export { PreviewPortalButton } from './preview-portal-button.tsx';
