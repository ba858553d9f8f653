package health.haven.api.http;

import java.time.Clock;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The API's request filters, after the security filters (an anonymous caller is turned
 * away before anything is read): each client's rate limit, the body size cap, then
 * idempotency keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class HttpConfiguration {

	/**
	 * The API's bodies are read strictly: a member the call does not take is refused and
	 * named ({@code 400}), not silently dropped, so that a client's typo
	 * ({@code "enviroment"}) never passes for a request without that member.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServerHttpMessageConvertersCustomizer strictJson(JsonMapper jsonMapper) {
		JsonMapper strict = jsonMapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(HttpProperties properties) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(properties.rateLimit()));
		registration.addUrlPatterns("/api/*");
		// before anything is read or done: a call over the limit costs the portal nothing
		registration.setOrder(-1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(HttpProperties properties) {
		FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
				new BodyLimitFilter(properties.maxBodySize().toBytes()));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(0);
		return registration;
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager, Clock clock, HttpProperties properties) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(
				jdbc, new TransactionTemplate(transactionManager), clock, properties.idempotencyKeepFor()));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(1);
		return registration;
	}

}
