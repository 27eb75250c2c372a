package io.github.leakybucket.web.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * One rate-limit rule: requests whose path matches one of its patterns, and whose method is one of its methods (or
 * any, if it has none), add {@link #cost()} units to {@link #bucket()}, for the key read from the request, unless the
 * {@link #skip()} condition holds. Immutable; created with {@link #parse} from configured text.
 *
 * @param index the rule's position in the list of rules
 * @param paths the path patterns, at least one
 * @param methods the methods, upper case; empty for all
 * @param bucket the configured bucket the rule drains
 * @param key where the key is read from, or {@code null} for one bucket shared by all requests
 * @param cost units each request adds, at least 1
 * @param skip the condition under which the rule does not apply, or {@code null}
 * @param missingKey what happens when the request lacks the key
 */
public record RateLimitRule(int index, List<PathPattern> paths, Set<String> methods, String bucket,
		@Nullable RequestKey key, long cost, @Nullable Expression skip, MissingKey missingKey) {

	/**
	 * Creates a rule, copying its collections.
	 */
	public RateLimitRule {
		paths = List.copyOf(paths);
		methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
	}

	/**
	 * What a rule does with a request that lacks its key.
	 */
	public enum MissingKey {

		/** The rule does not apply to the request. */
		SKIP,

		/** The request is answered with {@code 400 Bad Request}. */
		REJECT

	}

	/**
	 * Parses a rule from configured text, naming the property at fault when a value is invalid.
	 * @param index the rule's position in the list of rules
	 * @param paths the {@link PathPattern} patterns
	 * @param methods the methods, in any case; empty for all
	 * @param bucket the bucket name
	 * @param key the key form, or {@code null} or empty for one shared bucket
	 * @param cost units each request adds
	 * @param skip a SpEL condition over {@code #request}, or {@code null} or empty for none
	 * @param missingKey what happens when the request lacks the key
	 * @return the rule
	 * @throws InvalidRateLimitRuleException if a value is invalid
	 */
	public static RateLimitRule parse(int index, List<String> paths, List<String> methods, @Nullable String bucket,
			@Nullable String key, long cost, @Nullable String skip, MissingKey missingKey) {
		if (!StringUtils.hasText(bucket)) {
			throw new InvalidRateLimitRuleException(index, "bucket", bucket, "a rule must name a configured bucket");
		}
		if (paths.isEmpty()) {
			throw new InvalidRateLimitRuleException(index, "paths", paths, "a rule must have at least one path pattern");
		}
		List<PathPattern> patterns = new ArrayList<>(paths.size());
		for (int i = 0; i < paths.size(); i++) {
			patterns.add(pattern(index, i, paths.get(i)));
		}
		Set<String> methodNames = new LinkedHashSet<>();
		for (int i = 0; i < methods.size(); i++) {
			methodNames.add(method(index, i, methods.get(i)));
		}
		if (cost < 1) {
			throw new InvalidRateLimitRuleException(index, "cost", cost, "it must be at least 1");
		}
		return new RateLimitRule(index, patterns, methodNames, bucket.trim(),
				StringUtils.hasText(key) ? RequestKey.parse(index, key) : null, cost,
				StringUtils.hasText(skip) ? RuleExpressions.parse(index, "skip", skip) : null, missingKey);
	}

	private static PathPattern pattern(int index, int position, @Nullable String path) {
		String property = "paths[" + position + "]";
		if (!StringUtils.hasText(path)) {
			throw new InvalidRateLimitRuleException(index, property, path, "a path pattern must not be empty");
		}
		try {
			return PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw new InvalidRateLimitRuleException(index, property, path,
					"it is not a valid path pattern: " + ex.toDetailedString().replace('\n', ' '));
		}
	}

	private static String method(int index, int position, @Nullable String method) {
		String name = (method != null) ? method.trim().toUpperCase(Locale.ROOT) : "";
		for (HttpMethod known : HttpMethod.values()) {
			if (known.name().equals(name)) {
				return name;
			}
		}
		throw new InvalidRateLimitRuleException(index, "methods[" + position + "]", method,
				"it must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE");
	}

	/**
	 * Returns whether the rule's paths and methods match a request; its skip condition is not tested.
	 * @param request the request
	 * @return {@code true} if a path pattern and the method match
	 */
	public boolean matches(RuleRequest request) {
		if (!this.methods.isEmpty() && !this.methods.contains(request.getMethod())) {
			return false;
		}
		for (PathPattern pattern : this.paths) {
			if (pattern.matches(request.getPathContainer())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns whether the rule's skip condition holds for a request.
	 * @param request the request
	 * @return {@code true} if the rule does not apply
	 */
	public boolean skips(RuleRequest request) {
		return this.skip != null && RuleExpressions.test(this.skip, request);
	}

	/**
	 * Returns whether reading the key or testing the skip condition may need the request's principal.
	 * @return {@code true} for a {@code principal} key or any expression
	 */
	boolean readsPrincipal() {
		return this.skip != null || this.key instanceof RequestKey.PrincipalKey
				|| this.key instanceof RequestKey.ExpressionKey;
	}

	/**
	 * Returns a description for messages, such as {@code rate-limit rule 0 on [/api/notes/**]}.
	 * @return the description
	 */
	public String description() {
		return "rate-limit rule " + this.index + " on " + this.paths;
	}

}
