package health.haven.provisioning.environment;

/**
 * One condition a GitOps controller reports on its object, as it reports it: Argo CD's
 * {@code status.conditions[]} ({@code type}, {@code message}) or a Flux condition
 * ({@code type}, {@code status}, {@code reason}, {@code message}).
 */
public record ControllerCondition(String type, String status, String reason, String message) {

}
