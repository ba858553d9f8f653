package health.haven.api.webhook;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import health.haven.api.paging.Paging;
import health.haven.api.security.Caller;
import health.haven.api.security.Scopes;

/**
 * Callback subscriptions of the calling client: subscribe a URL to events, list and
 * remove them, read a subscription's delivery log. A client with the {@code admin} scope
 * (the platform) sees and removes every client's.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

	private final Webhooks webhooks;

	WebhookController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	/**
	 * Subscribes a URL to {@code request.state_changed} and/or
	 * {@code environment.status_changed} for the teams the client serves. Deliveries are
	 * signed with the secret given here ({@code Haven-Signature: t=…,v1=…}, HMAC-SHA256
	 * over {@code <t>.<body>}); the secret is stored encrypted and never returned.
	 */
	@PostMapping
	ResponseEntity<Webhooks.Subscription> subscribe(@RequestBody SubscriptionBody body, Authentication authentication) {
		Webhooks.Subscription created = this.webhooks.subscribe(Caller.of(authentication).client(),
				new Webhooks.NewSubscription(body.url(), body.events(), body.secret(), body.description()));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(created.id())
			.toUri();
		return ResponseEntity.created(location).body(created);
	}

	@GetMapping
	List<Webhooks.Subscription> list(Authentication authentication) {
		return this.webhooks.list(Caller.of(authentication).client(), isPlatform(authentication));
	}

	@GetMapping("/{id}")
	Webhooks.Subscription one(@PathVariable UUID id, Authentication authentication) {
		return this.webhooks.get(id, Caller.of(authentication).client(), isPlatform(authentication));
	}

	/**
	 * The subscription's deliveries, newest first: each event, its state (PENDING,
	 * DELIVERED, FAILED, CANCELLED), attempts, the last answer or error and the next
	 * attempt.
	 */
	@GetMapping("/{id}/deliveries")
	List<Webhooks.Delivery> deliveries(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
			Authentication authentication) {
		return this.webhooks.deliveries(id, Caller.of(authentication).client(), isPlatform(authentication),
				Paging.limit(limit, 50, 200));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id, Authentication authentication) {
		this.webhooks.delete(id, Caller.of(authentication).client(), isPlatform(authentication));
		return ResponseEntity.noContent().build();
	}

	private static boolean isPlatform(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> Scopes.authority(Scopes.ADMIN).equals(authority.getAuthority()));
	}

	record SubscriptionBody(String url, List<String> events, String secret, String description) {
	}

}
