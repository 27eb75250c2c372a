/**
 * Web support for {@link io.github.leakybucket.annotation.RateLimited @RateLimited}, in Spring MVC and, through
 * {@link io.github.leakybucket.web.RateLimitedExceptionHandler} and the {@code reactive} package, Spring WebFlux:
 * {@code 429 Too Many Requests} with an RFC 9457 problem body, {@code Retry-After}, and the
 * {@code RateLimit-Policy} and {@code RateLimit} fields of {@code draft-ietf-httpapi-ratelimit-headers-10};
 * {@code 503 Service Unavailable} when a fail-closed bucket's storage failed; {@code 400 Bad Request} when a
 * rate-limit key is missing.
 */
package io.github.leakybucket.web;
