/**
 * The catalog page: what can be requested, each item at its latest version.
 */
package health.haven.ui.catalog;
