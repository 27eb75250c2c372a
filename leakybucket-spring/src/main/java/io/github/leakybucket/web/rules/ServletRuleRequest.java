package io.github.leakybucket.web.rules;

import java.nio.charset.StandardCharsets;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A servlet request as rules read it. Parameters are read from the query string only, as in WebFlux: reading a form
 * body here would consume it before the handler.
 */
final class ServletRuleRequest implements RuleRequest {

	private final HttpServletRequest request;

	private final PathContainer path;

	private @Nullable MultiValueMap<String, String> queryParams;

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
		MultiValueMap<String, String> params = this.queryParams;
		if (params == null) {
			String query = this.request.getQueryString();
			params = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
			this.queryParams = params;
		}
		String value = params.getFirst(name);
		return (value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : null;
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
