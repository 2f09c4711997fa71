package fr.facteur.bench;

import java.util.Collection;
import java.util.Comparator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Per-stage cost with JMH (one forked JVM, warm-up then measurement): parse, XSD, facts, EN 16931 schematron, B2G
 * rules, the whole read, archiving, signing, packaging, queueing. Figures on the console and in
 * target/bench/stages.txt; docs/performance.md records them.
 */
@EnabledIf("fr.facteur.bench.Bench#enabled")
class StagesBenchmark {

    @Test
    void costPerStage() throws Exception {
        // -Dfacteur.bench.seconds=1 for a quick look; the figures of docs/performance.md use the default
        int seconds = Bench.setting("seconds", 2);
        Options options = new OptionsBuilder()
                .include("fr\\.facteur\\.invoice\\.InvoiceStagesJmh|fr\\.facteur\\.bench\\.OutboundStagesJmh")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(5).measurementTime(TimeValue.seconds(seconds))
                .threads(1)
                // the broker's threads outlive a fork's last iteration: don't let JMH wait its default 30 s for them
                .jvmArgsAppend("-Xmx1g", "-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Bench.report("stages.txt", "Stages (JMH, 1 thread, average time per operation) on %s", Bench.machine());
        results.stream()
                .sorted(Comparator.comparing(r -> r.getParams().getBenchmark() + r.getParams().getParam("fixture")))
                .forEach(r -> {
                    String name = r.getParams().getBenchmark().replaceFirst(".*\\.(\\w+Jmh)\\.", "$1.");
                    String fixture = r.getParams().getParam("fixture");
                    Bench.report("stages.txt", "%-42s %-16s %10.1f ± %6.1f us/op", name,
                            fixture == null ? "" : fixture, r.getPrimaryResult().getScore(),
                            r.getPrimaryResult().getScoreError());
                });
    }
}
