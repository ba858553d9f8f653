/**
 * The catalog over the API, for ticketing systems that build their forms from it.
 */
package health.haven.api.catalog;
