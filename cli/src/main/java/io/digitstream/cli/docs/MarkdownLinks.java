package io.digitstream.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the relative links of Markdown files as GitHub renders them: the file a link names must exist, and an
 * anchor ({@code file.md#anchor} or {@code #anchor}) must be the slug of a heading of that file. External links
 * ({@code https:}, {@code mailto:}, ...) are not followed.
 */
public final class MarkdownLinks {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    /** Every broken link of {@code file}, one message each: {@code README.md:12: ... }. */
    public List<String> check(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                String problem = problem(file, link.group(1));
                if (problem != null) {
                    problems.add(file.getFileName() + ":" + (i + 1) + ": " + link.group(1) + ": " + problem);
                }
            }
        }
        return problems;
    }

    private String problem(Path file, String target) throws IOException {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(linked)) {
            return "no such file " + linked;
        }
        if (anchor == null) {
            return null;
        }
        if (!linked.getFileName().toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        if (!anchors(linked).contains(anchor)) {
            return "no heading of " + linked.getFileName() + " has the anchor #" + anchor;
        }
        return null;
    }

    /** The anchors GitHub gives the headings of a Markdown file (repeated slugs get -1, -2, ...). */
    public Set<String> anchors(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Set<String> cached = anchorsByFile.get(key);
        if (cached != null) {
            return cached;
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        anchorsByFile.put(key, anchors);
        return anchors;
    }

    /**
     * GitHub's heading slug: the heading's text (a link counts as its text), lower case, every character that is
     * not a letter, digit, space, '-' or '_' dropped, spaces turned into '-'.
     */
    public static String slug(String heading) {
        String text = INLINE_LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
