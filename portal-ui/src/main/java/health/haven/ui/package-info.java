/**
 * The portal's pages: server-rendered with Thymeleaf (htmx for live status), signed in
 * with local accounts on a first run. Calls the services of provisioning directly; holds
 * no business rules.
 */
package health.haven.ui;
