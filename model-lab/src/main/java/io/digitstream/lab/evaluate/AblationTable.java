package io.digitstream.lab.evaluate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The ablation as a Markdown table: error per dataset for each model, without and with the stage. */
public final class AblationTable {

    /** Best published test errors (Larochelle et al. 2007 protocol: 12,000 training images), as the issue quotes them. */
    public static final Map<String, String> PUBLISHED = Map.of(
            "back-rand", "6.73% (DBN-3)",
            "back-image", "10.95% (PCANet)",
            "rot", "7.37% (PCANet)",
            "rot-back-image", "35.48% (PCANet)");

    private AblationTable() {
    }

    /** The paper-protocol runs ({@link Ablation#PAPER}) fill their own column, beside the published figures. */
    public static String markdown(List<Ablation.Run> runs) {
        Set<String> datasets = new LinkedHashSet<>();
        Set<String> models = new LinkedHashSet<>();
        Map<String, Double> paperProtocol = new java.util.HashMap<>();
        for (Ablation.Run run : runs) {
            datasets.add(run.dataset());
            if (run.model().equals(Ablation.PAPER)) {
                paperProtocol.put(run.dataset(), run.error());
            } else {
                models.add(run.model());
            }
        }
        StringBuilder md = new StringBuilder("| dataset |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String model : models) {
            md.append(' ').append(model).append(" model, without stage | ").append(model).append(" model, with stage |");
            rule.append("---:|---:|");
        }
        md.append(" paper protocol (12k, with stage) | published (12k) |\n");
        rule.append("---:|---|\n");
        md.append(rule);
        for (String dataset : datasets) {
            md.append("| ").append(dataset).append(" |");
            for (String model : models) {
                for (boolean denoise : new boolean[] {false, true}) {
                    md.append(' ').append(runs.stream()
                            .filter(r -> r.dataset().equals(dataset) && r.model().equals(model) && r.denoise() == denoise)
                            .findFirst().map(r -> percent(r.error())).orElse("")).append(" |");
                }
            }
            Double paper = paperProtocol.get(dataset);
            md.append(' ').append(paper == null ? "" : percent(paper)).append(" | ")
                    .append(PUBLISHED.getOrDefault(dataset, "")).append(" |\n");
        }
        return md.toString();
    }

    static String percent(double error) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * error);
    }
}
