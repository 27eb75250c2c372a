package io.github.leakybucket.autoconfigure.web.rules;

import io.github.leakybucket.annotation.RateLimited;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rate-limit rules in a Spring WebFlux application on Netty.
 */
class RateLimitRulesWebFluxHttpTests extends AbstractRateLimitRulesHttpTests {

	@Override
	ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(FluxApplication.class).web(WebApplicationType.REACTIVE)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FluxEndpoints.class)
	static class FluxApplication {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
			return http
				.authorizeExchange((exchanges) -> exchanges.pathMatchers("/me/**", "/secured/**")
					.authenticated()
					.anyExchange()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(User.withUsername("alice").password("{noop}pw").roles("USER").build(),
					User.withUsername("bob").password("{noop}pw").roles("USER").build());
		}

	}

	@RestController
	static class FluxEndpoints {

		@RequestMapping("/**")
		Mono<String> ok() {
			return Mono.just("ok");
		}

		@GetMapping("/annotated/{id}")
		@RateLimited(bucket = "annotated")
		Mono<String> annotated() {
			return Mono.just("annotated");
		}

	}

}
