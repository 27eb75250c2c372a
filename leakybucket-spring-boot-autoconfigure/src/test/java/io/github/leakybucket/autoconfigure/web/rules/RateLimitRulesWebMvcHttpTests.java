package io.github.leakybucket.autoconfigure.web.rules;

import io.github.leakybucket.annotation.RateLimited;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rate-limit rules in a Spring MVC application on Tomcat.
 */
class RateLimitRulesWebMvcHttpTests extends AbstractRateLimitRulesHttpTests {

	@Override
	ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(MvcApplication.class).web(WebApplicationType.SERVLET)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MvcEndpoints.class)
	static class MvcApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/me/**", "/secured/**")
					.authenticated()
					.anyRequest()
					.permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build(),
					User.withUsername("bob").password("{noop}pw").roles("USER").build());
		}

	}

	@RestController
	static class MvcEndpoints {

		@RequestMapping("/**")
		String ok() {
			return "ok";
		}

		@GetMapping("/annotated/{id}")
		@RateLimited(bucket = "annotated")
		String annotated() {
			return "annotated";
		}

	}

}
