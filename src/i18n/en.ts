/**
 * English catalogue. Keys are shared with zh-CN.ts; a test fails when the two differ
 * in keys or in {placeholders}. Keep keys grouped by screen.
 */
export const en = {
  'app.name': 'Jiangxin',
  'app.fullName': 'Jiangxin skill competitions',
  'app.tagline': 'Skill competitions, from registration to results',
  'app.skipToContent': 'Skip to content',

  'lang.label': 'Language',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'nav.dashboard': 'Dashboard',
  'nav.login': 'Sign in',
  'nav.logout': 'Sign out',
  'nav.signedInAs': 'Signed in as {name}',

  'role.organizer': 'Organizer',
  'role.chief_judge': 'Chief judge',
  'role.judge': 'Judge',

  'field.username': 'Username',
  'field.username.hint': '3–32 letters, digits, dot, dash or underscore',
  'field.displayName': 'Full name',
  'field.password': 'Password',
  'field.password.hint': 'At least {min} characters',
  'field.passwordConfirm': 'Repeat password',

  'setup.title': 'Welcome to Jiangxin',
  'setup.intro': 'No one has signed up yet. Create the first organizer account: it can set up events and add judges later.',
  'setup.submit': 'Create organizer account',
  'setup.alreadyDone': 'Setup is already complete. Please sign in.',

  'login.title': 'Sign in',
  'login.submit': 'Sign in',
  'login.failed': 'Wrong username or password.',
  'login.rateLimited': 'Too many failed attempts. Try again in {minutes} min.',
  'login.signedOut': 'You have signed out.',
  'login.sessionExpired': 'Please sign in to continue.',

  'dashboard.title': 'Dashboard',
  'dashboard.welcome': 'Welcome, {name}',
  'dashboard.role': 'Your role: {role}',
  'dashboard.events': 'Events',
  'dashboard.noEvents': 'No events yet.',
  'event.status.draft': 'Draft',
  'event.status.registration': 'Registration open',
  'event.status.in_progress': 'In progress',
  'event.status.published': 'Results published',
  'event.status.archived': 'Archived',

  'validation.required': 'This field is required.',
  'validation.tooLong': 'At most {max} characters.',
  'validation.usernameFormat': 'Use 3–32 letters, digits, dot, dash or underscore.',
  'validation.passwordTooShort': 'At least {min} characters.',
  'validation.passwordTooLong': 'At most {max} characters.',
  'validation.passwordMismatch': 'The passwords do not match.',
  'validation.formHasErrors': 'Please correct the marked fields.',

  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'The page you asked for does not exist or has moved.',
  'error.server.title': 'Something went wrong',
  'error.server.body': 'The server could not finish this request. Nothing was changed. Please try again; if it happens again, tell the organizer. Reference: {ref}',
  'error.csrf.title': 'The form has expired',
  'error.csrf.body': 'For your security the form could not be sent. Go back, reload the page and try again.',
  'error.forbidden.title': 'Not allowed',
  'error.forbidden.body': 'Your account does not have access to this page.',
  'error.tooLarge.title': 'Request too large',
  'error.tooLarge.body': 'What you sent is too large to accept.',
  'error.backHome': 'Back to the start page',
} as const;

export type MessageKey = keyof typeof en;
