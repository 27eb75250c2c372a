package io.github.leakybucket.web.reactive;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.github.leakybucket.web.rules.RuleRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A WebFlux request as rules read it, with its principal resolved beforehand.
 */
final class ReactiveRuleRequest implements RuleRequest {

	private final ServerHttpRequest request;

	private final @Nullable String principal;

	ReactiveRuleRequest(ServerHttpRequest request, @Nullable String principal) {
		this.request = request;
		this.principal = principal;
	}

	@Override
	public String getMethod() {
		return this.request.getMethod().name();
	}

	@Override
	public String getPath() {
		return getPathContainer().value();
	}

	@Override
	public PathContainer getPathContainer() {
		return this.request.getPath().pathWithinApplication();
	}

	@Override
	public @Nullable String header(String name) {
		return this.request.getHeaders().getFirst(name);
	}

	@Override
	public @Nullable String param(String name) {
		return this.request.getQueryParams().getFirst(name);
	}

	@Override
	public @Nullable String getRemoteAddress() {
		InetSocketAddress address = this.request.getRemoteAddress();
		if (address == null) {
			return null;
		}
		InetAddress resolved = address.getAddress();
		return (resolved != null) ? resolved.getHostAddress() : address.getHostString();
	}

	@Override
	public @Nullable String getPrincipal() {
		return this.principal;
	}

}
