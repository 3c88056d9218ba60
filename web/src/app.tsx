// The app: router, layout per section, and lazily loaded screens.
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import type { ComponentType } from 'preact';
import { AiHost } from './components/ai-launcher.js';
import { IncomingCall } from './components/incoming-call.js';
import { RequireAdmin, RequireAuth } from './components/guards.js';
import { LoadBar, routeLoading } from './components/load-bar.js';
import { SiteFooter } from './components/site-footer.js';
import { SiteHeader } from './components/site-header.js';
import { Toasts } from './components/toasts.js';
import { Company } from './pages/site/company.js';
import { Faq } from './pages/site/faq.js';
import { Intro } from './pages/site/intro.js';
import { Landing } from './pages/site/landing.js';
import { NotFound, Privacy, Terms } from './pages/site/legal.js';

const account = () => import('./pages/account/index.js');
const Login = lazy(() => account().then((m) => m.Login));
const Signup = lazy(() => account().then((m) => m.Signup));
const OidcCallback = lazy(() => account().then((m) => m.OidcCallback));
const ForgotPassword = lazy(() => account().then((m) => m.ForgotPassword));
const ResetPassword = lazy(() => account().then((m) => m.ResetPassword));
const Profile = lazy(() => account().then((m) => m.Profile));
const CallPage = lazy(() => import('./pages/call/index.js').then((m) => m.CallPage));
const site = () => import('./pages/site-content/index.js');
const NoticeList = lazy(() => site().then((m) => m.NoticeList));
const NoticeDetail = lazy(() => site().then((m) => m.NoticeDetail));
const NoticeNew = lazy(() => site().then((m) => m.NoticeNew));
const NoticeEdit = lazy(() => site().then((m) => m.NoticeEdit));
const SupportList = lazy(() => site().then((m) => m.SupportList));
const SupportNew = lazy(() => site().then((m) => m.SupportNew));
const SupportDetail = lazy(() => site().then((m) => m.SupportDetail));
const AdminInquiries = lazy(() => site().then((m) => m.AdminInquiries));
const AdminInquiry = lazy(() => site().then((m) => m.AdminInquiry));
const people = () => import('./pages/people/index.js');
const FriendsPage = lazy(() => people().then((m) => m.FriendsPage));
const ChatPage = lazy(() => people().then((m) => m.ChatPage));
const workspace = () => import('./pages/workspace/index.js');
const WorkspaceIndex = lazy(() => workspace().then((m) => m.WorkspaceIndex));
const WorkspaceApp = lazy(() => workspace().then((m) => m.WorkspaceApp));
const InviteAccept = lazy(() => workspace().then((m) => m.InviteAccept));
const SharedDocPage = lazy(() => workspace().then((m) => m.SharedDocPage));

/** Wraps a screen in its guard; called once per screen at module load, so routes keep stable types. */
function guarded<P extends object>(C: ComponentType<P>, admin = false) {
  return (props: P) => (admin ? <RequireAdmin><C {...props} /></RequireAdmin> : <RequireAuth><C {...props} /></RequireAuth>);
}

const ProfileRoute = guarded(Profile);
const WorkspaceIndexRoute = guarded(WorkspaceIndex);
const WorkspaceRoute = guarded(WorkspaceApp);
const InviteRoute = guarded(InviteAccept);
const SharedDocRoute = guarded(SharedDocPage);
const CallRoute = guarded(CallPage);
const FriendsRoute = guarded(FriendsPage);
const ChatRoute = guarded(ChatPage);
const NoticeNewRoute = guarded(NoticeNew, true);
const NoticeEditRoute = guarded(NoticeEdit, true);
const SupportListRoute = guarded(SupportList);
const SupportNewRoute = guarded(SupportNew);
const SupportDetailRoute = guarded(SupportDetail);
const AdminInquiriesRoute = guarded(AdminInquiries, true);
const AdminInquiryRoute = guarded(AdminInquiry, true);

/** Full-screen sections draw their own chrome. */
function isFullScreen(path: string): boolean {
  return path.startsWith('/call/');
}

function isAppSection(path: string): boolean {
  return /^\/(w|d|people|chat)(\/|$)/.test(path);
}

function Shell() {
  const { path } = useLocation();
  const full = isFullScreen(path);
  return (
    <>
      <LoadBar />
      {!full && <SiteHeader />}
      <main id="main">
        <ErrorBoundary>
          <Router onLoadStart={() => (routeLoading.value = true)} onLoadEnd={() => (routeLoading.value = false)}>
            <Route path="/" component={Landing} />
            <Route path="/intro" component={Intro} />
            <Route path="/company" component={Company} />
            <Route path="/faq" component={Faq} />
            <Route path="/terms" component={Terms} />
            <Route path="/privacy" component={Privacy} />
            <Route path="/login" component={Login} />
            <Route path="/signup" component={Signup} />
            <Route path="/forgot-password" component={ForgotPassword} />
            <Route path="/reset-password" component={ResetPassword} />
            <Route path="/auth/callback" component={OidcCallback} />
            <Route path="/profile" component={ProfileRoute} />
            <Route path="/notices" component={NoticeList} />
            <Route path="/notices/new" component={NoticeNewRoute} />
            <Route path="/notices/:id" component={NoticeDetail} />
            <Route path="/notices/:id/edit" component={NoticeEditRoute} />
            <Route path="/support" component={SupportListRoute} />
            <Route path="/support/new" component={SupportNewRoute} />
            <Route path="/support/:id" component={SupportDetailRoute} />
            <Route path="/admin/inquiries" component={AdminInquiriesRoute} />
            <Route path="/admin/inquiries/:id" component={AdminInquiryRoute} />
            <Route path="/w" component={WorkspaceIndexRoute} />
            <Route path="/w/:wsId" component={WorkspaceRoute} />
            <Route path="/w/:wsId/*" component={WorkspaceRoute} />
            <Route path="/d/:docId" component={SharedDocRoute} />
            <Route path="/people" component={FriendsRoute} />
            <Route path="/chat/:userId" component={ChatRoute} />
            <Route path="/invite" component={InviteRoute} />
            <Route path="/call/:kind/:id" component={CallRoute} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      {!full && !isAppSection(path) && <SiteFooter />}
      <AiHost />
      <IncomingCall />
      <Toasts />
    </>
  );
}

// Links under /api, /collab and /auth/google are real navigations (OIDC redirects, files), not client routes.
const CLIENT_ROUTES = /^\/(?!api\/|collab\/|files\/|auth\/google\/)/;

export function App() {
  return (
    <LocationProvider scope={CLIENT_ROUTES}>
      <Shell />
    </LocationProvider>
  );
}
