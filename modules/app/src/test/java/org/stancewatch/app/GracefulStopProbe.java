package org.stancewatch.app;

import java.util.List;
import org.stancewatch.nlp.neural.NeuralStanceModel;

/**
 * Child JVM for {@link GracefulStopTest}: a thread classifying with the neural stance model (ONNX Runtime) non-stop, as a
 * stream thread does, stopped by SIGTERM; closing takes a second before the thread is told to stop. Argument {@code hook}: close in a plain shutdown hook instead (the old way).
 */
public final class GracefulStopProbe {

    private static volatile boolean stopping;

    public static void main(String[] args) throws Exception {
        NeuralStanceModel model = NeuralStanceModel.shared();
        String sentence = "The United Nations praised Iraq for the agreement, but its critics called the deal a failure.";
        List<List<NeuralStanceModel.Target>> targets = List.of(List.of(new NeuralStanceModel.Target(4, 18)));
        model.classify(List.of(sentence), targets);
        Thread worker = new Thread(() -> {
            while (!stopping) {
                model.classify(List.of(sentence), targets);
            }
        }, "probe-worker");
        worker.start();
        Runnable close = () -> {
            try {
                // As `run` closes the feed, API and search index before Kafka Streams: the worker keeps classifying
                // meanwhile, and with a plain hook ONNX Runtime's own hook has freed its environment by then.
                Thread.sleep(1000);
                stopping = true;
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("probe closed cleanly");
        };
        if (args.length > 0 && args[0].equals("hook")) {
            Runtime.getRuntime().addShutdownHook(new Thread(close));
        } else {
            GracefulStop.install(close);
        }
        System.out.println("probe ready");
        worker.join();
    }

    private GracefulStopProbe() {
    }
}
