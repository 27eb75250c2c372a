package io.github.leakybucket.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import io.github.leakybucket.web.rules.RateLimitRule.MissingKey;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate-limit rules: buckets applied to HTTP requests by path, method and a key read from the request.
 */
@ConfigurationProperties("leakybucket")
public class RateLimitRulesProperties {

	/**
	 * Rate-limit rules applied to HTTP requests, in order; every rule that matches a request applies.
	 */
	private List<Rule> rules = new ArrayList<>();

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * One rate-limit rule.
	 */
	public static class Rule {

		/**
		 * Path patterns, in Spring's PathPattern syntax, of the requests the rule applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * HTTP methods the rule applies to; all when empty.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Name of the configured bucket the rule drains.
		 */
		private String bucket;

		/**
		 * Where each request's key is read from: header:NAME, param:NAME, ip, principal, or a SpEL expression over
		 * #request starting with #; one bucket shared by all requests when absent.
		 */
		private String key;

		/**
		 * Units each request adds to the bucket.
		 */
		private long cost = 1;

		/**
		 * SpEL condition over #request under which the rule does not apply.
		 */
		private String skip;

		/**
		 * What happens to a request that lacks the key: skip the rule, or reject the request with 400.
		 */
		private MissingKey missingKey = MissingKey.SKIP;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public String getBucket() {
			return this.bucket;
		}

		public void setBucket(String bucket) {
			this.bucket = bucket;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public long getCost() {
			return this.cost;
		}

		public void setCost(long cost) {
			this.cost = cost;
		}

		public String getSkip() {
			return this.skip;
		}

		public void setSkip(String skip) {
			this.skip = skip;
		}

		public MissingKey getMissingKey() {
			return this.missingKey;
		}

		public void setMissingKey(MissingKey missingKey) {
			this.missingKey = missingKey;
		}

	}

}
