// The account screens, loaded together on demand.
export { Login } from './login.js';
export { OidcCallback } from './oidc-callback.js';
export { Profile } from './profile.js';
export { Signup } from './signup.js';
