/**
 * Environment requests over the API: create, read, decide; every write attributed to a
 * person.
 */
package health.haven.api.request;
