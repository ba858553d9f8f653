/**
 * Signing in to the pages: local accounts on a first run, the session, CSRF on every
 * form.
 */
package health.haven.ui.security;
