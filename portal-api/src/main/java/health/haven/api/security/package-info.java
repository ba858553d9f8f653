/**
 * The API's security: bearer JWTs with scopes, client-credentials tokens of the embedded
 * authorization server, and answers as problem details.
 */
package health.haven.api.security;
