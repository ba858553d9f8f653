/**
 * Requesting through the form generated from a catalog item's schema, with errors at the
 * fields, and following requests on their pages.
 */
package health.haven.ui.request;
