package io.github.leakybucket.benchmarks;

import java.util.List;

/**
 * A part of the results measured by a section of its own (issue 17): its targets and its Markdown.
 */
interface Section {

	/**
	 * Returns the section's targets with their measured figures.
	 * @return the targets, empty if it has none
	 */
	List<Target> targets();

	/**
	 * Appends the section's heading, method and tables.
	 * @param out the Markdown so far
	 */
	void write(StringBuilder out);

	/**
	 * One target of an issue and what was measured.
	 *
	 * @param issue the issue number
	 * @param text what the target says
	 * @param measured the figure measured
	 * @param met whether the target was met
	 */
	record Target(String issue, String text, String measured, boolean met) {
	}

}
