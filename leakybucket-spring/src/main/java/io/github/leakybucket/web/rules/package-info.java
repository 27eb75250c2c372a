/**
 * Rate-limit rules: buckets applied to HTTP requests by path, method and a key read from the request, without an
 * annotation. {@link io.github.leakybucket.web.rules.RateLimitRules} matches a request, reads its keys and decides
 * every matching limit together; {@link io.github.leakybucket.web.rules.RateLimitRulesFilter} applies it in a Spring
 * MVC application and {@code io.github.leakybucket.web.reactive.RateLimitRulesWebFilter} in a Spring WebFlux one.
 */
@NullMarked
package io.github.leakybucket.web.rules;

import org.jspecify.annotations.NullMarked;
