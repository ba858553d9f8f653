/**
 * Cursor paging as every list of the API does it: the limit, the opaque cursor, and the
 * {@code Link: rel="next"} header.
 */
package health.haven.api.paging;
