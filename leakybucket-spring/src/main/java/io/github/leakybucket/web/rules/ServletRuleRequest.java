package io.github.leakybucket.web.rules;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * A servlet request as rules read it.
 */
final class ServletRuleRequest implements RuleRequest {

	private final HttpServletRequest request;

	private final PathContainer path;

	ServletRuleRequest(HttpServletRequest request) {
		this.request = request;
		this.path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
	}

	@Override
	public String getMethod() {
		return this.request.getMethod();
	}

	@Override
	public String getPath() {
		return this.path.value();
	}

	@Override
	public PathContainer getPathContainer() {
		return this.path;
	}

	@Override
	public @Nullable String header(String name) {
		return this.request.getHeader(name);
	}

	@Override
	public @Nullable String param(String name) {
		return this.request.getParameter(name);
	}

	@Override
	public @Nullable String getRemoteAddress() {
		return this.request.getRemoteAddr();
	}

	@Override
	public @Nullable String getPrincipal() {
		Principal principal = this.request.getUserPrincipal();
		return (principal != null) ? principal.getName() : null;
	}

}
