package io.github.leakybucket.web.rules;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * What rate-limit rules read from an HTTP request, the same for Spring MVC and Spring WebFlux. SpEL expressions of a
 * rule see it as {@code #request}, as in {@code #request.header('X-Tenant')} or {@code #request.remoteAddress}.
 */
public interface RuleRequest {

	/**
	 * Returns the request method.
	 * @return the method, such as {@code GET}
	 */
	String getMethod();

	/**
	 * Returns the path within the application, without the context path, as the rules' path patterns match it.
	 * @return the path
	 */
	String getPath();

	/**
	 * Returns the parsed path within the application.
	 * @return the path
	 */
	PathContainer getPathContainer();

	/**
	 * Returns the first value of a request header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} if the request has none
	 */
	@Nullable String header(String name);

	/**
	 * Returns the first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or {@code null} if the request has none
	 */
	@Nullable String param(String name);

	/**
	 * Returns the client's address as the server sees it: the peer's address, or the one a trusted proxy forwarded
	 * when {@code server.forward-headers-strategy} says to trust it. Never read from {@code X-Forwarded-For} here.
	 * @return the address, such as {@code 203.0.113.7}, or {@code null} if unknown
	 */
	@Nullable String getRemoteAddress();

	/**
	 * Returns the name of the authenticated user.
	 * @return the principal's name, or {@code null} if the request is not authenticated
	 */
	@Nullable String getPrincipal();

}
