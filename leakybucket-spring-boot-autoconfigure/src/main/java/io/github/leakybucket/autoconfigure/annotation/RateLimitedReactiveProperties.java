package io.github.leakybucket.autoconfigure.annotation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of {@link io.github.leakybucket.annotation.RateLimited @RateLimited} on methods returning
 * a reactive type.
 */
@ConfigurationProperties("leakybucket.reactive")
public class RateLimitedReactiveProperties {

	/**
	 * Whether methods returning Mono or Flux decide on Reactor's bounded-elastic scheduler rather than on the
	 * subscribing thread, which a blocking bucket storage needs so that no event loop waits for it.
	 */
	private boolean offloadDecisions = true;

	public boolean isOffloadDecisions() {
		return this.offloadDecisions;
	}

	public void setOffloadDecisions(boolean offloadDecisions) {
		this.offloadDecisions = offloadDecisions;
	}

}
