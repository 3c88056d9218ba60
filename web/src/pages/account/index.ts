// The account screens, loaded together on demand.
export { ForgotPassword } from './forgot-password.js';
export { Login } from './login.js';
export { OidcCallback } from './oidc-callback.js';
export { Profile } from './profile.js';
export { ResetPassword } from './reset-password.js';
export { Signup } from './signup.js';
