package org.stancewatch.nlp.stance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.neural.NeuralStanceModel;

/**
 * The default analyser's article decision (issue 13; nlp README, "Sentence embeddings of the article"): a multinomial
 * logistic regression fitted on the labelled articles (eval/heldout) over 13 features of an actor's sentence evidence
 * (each sentence scored and weighted as {@link FusedArticleStance#DEFAULT} does, and how evaluative the whole article
 * is) plus the first {@code k} principal components of two representations the stance pass computes anyway
 * ({@link NeuralStanceModel#classifyWithStates}): the actor's own (the committed fit: the mean state of its target word
 * pieces, {@link #ownFromTargets}; older fits: of its evidence sentences), and the mean state of every actor's evidence
 * sentences in the article. What the sentences are about and how they are written separates partisan pieces from
 * wire reports better than the sentence model's scores alone, and the target states tell apart actors who share
 * sentences (nested CV as it ships: over ten labelled sets, 841 of 1201 pairs and macro-F1 0.419, against DEFAULT's
 * 768 and 0.270 and 809 and 0.382 with the actor's sentences; over the twenty-four it is fitted on, with the outlet
 * features and G2, 2473 of 3437 and 0.439 against DEFAULT's 2265 and 0.271 and always-NEUTRAL's 2338; eval/heldout
 * README, rules v5-v18).
 * DEFAULT still decides MIXED (one labelled MIXED pair in hundreds: nothing to fit), articles shorter than
 * {@link #MIN_ARTICLE_SENTENCES} (short texts lie outside what it was fitted on), two-sided evidence, and where the
 * regression would reverse the direction DEFAULT calls ({@link #shipped}), and gives the score in every case. A fit
 * may also take, as its last feature, whether the actor is one of the publishing outlet's sides ({@link #outletSide},
 * {@link org.stancewatch.nlp.catalogue.OutletSides}: a state broadcaster's own state), and then whether the outlet has any
 * side at all ({@link #partisanOutlet}: an organ of a party takes sides toward the others more often than a wire report,
 * so its sentences' scores may count for more). A fit that reads the outlet side may also let its class of the outlet's
 * own side past the reversal guard ({@link #ownSidePastGuard}, rule v18). Loaded from {@link #RESOURCE},
 * its SHA-256 checked. Immutable and thread-safe.
 */
public final class ArticleEmbeddingDecision {
  public static final String RESOURCE = "/stance/article-decision.json";
  /** The classes, in the order of the regression's rows. */
  public static final List<Stance> CLASSES = List.of(Stance.FAVOR, Stance.AGAINST, Stance.NEUTRAL);
  public static final int EVIDENCE_FEATURES = 13;
  /**
   * Fewer sentences than this in the main text (the actor's and the others): DEFAULT decides. It was fitted on page
   * excerpts of about 10-15 sentences; a one-sentence test text with page debris reaches 6 (eval/heldout README, "Rule v4").
   */
  public static final int MIN_ARTICLE_SENTENCES = 8;
  /** The features {@link #partisanFeatures} appends: the flag, and it times evidence features 1 and 2 (mean and diluted score). */
  public static final int PARTISAN_FEATURES = 3;
  private static final String FORMAT = "stancewatch-article-decision-1";

  private final int components;
  private final PrincipalComponents axes;
  /** Null: the actor's own representation is its evidence sentences' mean state, on {@link #axes}; else its target states, on these. */
  private final PrincipalComponents targetAxes;
  private final SoftmaxRegression regression;
  private final String fittedOn;
  /** Whether the regression's last feature is 1 for an actor the publishing outlet is an organ of, else 0. */
  private final boolean outletSide;
  /** Whether the regression's last {@link #PARTISAN_FEATURES} features say whether the publishing outlet has any side. */
  private final boolean partisanOutlet;
  /**
   * Whether the learned class of an actor that is one of the publishing outlet's sides passes rule v7's reversal guard
   * (eval/heldout README, rule v18, screen G2): that class rests on who publishes, which DEFAULT cannot see, so DEFAULT's
   * direction from quoted criticism must not overrule it (China Daily's China read AGAINST on test22).
   */
  private final boolean ownSidePastGuard;

  public ArticleEmbeddingDecision(PrincipalComponents axes, SoftmaxRegression regression, String fittedOn) {
    this(axes, null, regression, fittedOn);
  }

  /**
   * {@code targetAxes} non-null: the actor's own representation is the mean of its target states (eval/heldout README,
   * rule v8), projected on these; they must have as many components as {@code axes}.
   */
  public ArticleEmbeddingDecision(PrincipalComponents axes, PrincipalComponents targetAxes, SoftmaxRegression regression, String fittedOn) {
    this(axes, targetAxes, regression, fittedOn, false);
  }

  /** As above; {@code outletSide}: the regression takes the outlet-side feature last ({@link #features(double[], boolean)}). */
  public ArticleEmbeddingDecision(PrincipalComponents axes, PrincipalComponents targetAxes, SoftmaxRegression regression, String fittedOn,
                                  boolean outletSide) {
    this(axes, targetAxes, regression, fittedOn, outletSide, false);
  }

  /** As above; {@code partisanOutlet}: the regression takes the partisan-outlet features last ({@link #partisanFeatures}). */
  public ArticleEmbeddingDecision(PrincipalComponents axes, PrincipalComponents targetAxes, SoftmaxRegression regression, String fittedOn,
                                  boolean outletSide, boolean partisanOutlet) {
    this(axes, targetAxes, regression, fittedOn, outletSide, partisanOutlet, false);
  }

  /** As above; {@code ownSidePastGuard}: the outlet's own side is decided without the reversal guard (needs {@code outletSide}). */
  public ArticleEmbeddingDecision(PrincipalComponents axes, PrincipalComponents targetAxes, SoftmaxRegression regression, String fittedOn,
                                  boolean outletSide, boolean partisanOutlet, boolean ownSidePastGuard) {
    if (ownSidePastGuard && !outletSide) {
      throw new IllegalArgumentException("only a decision that reads the outlet side can let the outlet's own side past the reversal guard");
    }
    this.components = axes.axes().length;
    int features = EVIDENCE_FEATURES + 2 * components + (outletSide ? 1 : 0) + (partisanOutlet ? PARTISAN_FEATURES : 0);
    if (regression.weights().length != CLASSES.size() || regression.features() != features) {
      throw new IllegalArgumentException("an article decision over " + components + " components" + (outletSide ? " and the outlet side" : "")
          + (partisanOutlet ? " and the partisan outlet" : "") + " needs " + CLASSES.size() + " classes over " + features + " features");
    }
    if (targetAxes != null && (targetAxes.axes().length != components || targetAxes.mean().length != axes.mean().length)) {
      throw new IllegalArgumentException("target components (" + targetAxes.axes().length + " of " + targetAxes.mean().length
          + " values) must match the sentence components (" + components + " of " + axes.mean().length + ")");
    }
    this.axes = axes;
    this.targetAxes = targetAxes;
    this.regression = regression;
    this.fittedOn = fittedOn;
    this.outletSide = outletSide;
    this.partisanOutlet = partisanOutlet;
    this.ownSidePastGuard = ownSidePastGuard;
  }

  private static volatile ArticleEmbeddingDecision committed;

  /** The committed decision ({@link #RESOURCE}), read once. */
  public static ArticleEmbeddingDecision committed() {
    ArticleEmbeddingDecision d = committed;
    if (d == null) {
      synchronized (ArticleEmbeddingDecision.class) {
        if (committed == null) committed = readResource();
        d = committed;
      }
    }
    return d;
  }

  private static ArticleEmbeddingDecision readResource() {
    try (InputStream in = ArticleEmbeddingDecision.class.getResourceAsStream(RESOURCE);
         InputStream sum = ArticleEmbeddingDecision.class.getResourceAsStream(RESOURCE + ".sha256")) {
      if (in == null || sum == null) throw new IOException("missing classpath resource " + RESOURCE + (in == null ? "" : ".sha256"));
      return read(in.readAllBytes(), new String(sum.readAllBytes(), StandardCharsets.US_ASCII), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int components() {
    return components;
  }

  public String fittedOn() {
    return fittedOn;
  }

  /** Whether the regression reads whether the actor is one of the publishing outlet's sides. */
  public boolean outletSide() {
    return outletSide;
  }

  /** Whether the regression reads whether the publishing outlet has any side ({@link #partisanFeatures}). */
  public boolean partisanOutlet() {
    return partisanOutlet;
  }

  /** Whether the outlet's own side is decided without the reversal guard ({@link #shipped(FusedArticleStance.ActorEvidence, java.util.function.Supplier, boolean)}). */
  public boolean ownSidePastGuard() {
    return ownSidePastGuard;
  }

  /** Whether either outlet feature is read: the caller must then look the publisher up. */
  public boolean readsOutlet() {
    return outletSide || partisanOutlet;
  }

  /** Whether {@link #decide}'s {@code own} is the actor's mean target state, not its evidence sentences' mean state. */
  public boolean ownFromTargets() {
    return targetAxes != null;
  }

  /**
   * Whether the regression decides, not DEFAULT: the article is at least {@link #MIN_ARTICLE_SENTENCES} long and the
   * actor's evidence is not two-sided ({@link FusedArticleStance#twoSided}: praise and blame in balance is not the
   * regression's to settle; it called two sentences of each FAVOR, eval/heldout README, "Rule v3"). DEFAULT's MIXED is
   * two-sided, so it is never the regression's either.
   */
  public static boolean decidesArticleOf(FusedArticleStance.ActorEvidence evidence) {
    return evidence.sentences().size() + evidence.otherSentences() >= MIN_ARTICLE_SENTENCES && !FusedArticleStance.DEFAULT.twoSided(evidence);
  }

  /**
   * The article's stance toward one actor: DEFAULT's MIXED, or DEFAULT's decision where {@link #decidesArticleOf} says
   * so, else the regression's class; the score is DEFAULT's in every case. {@code evaluative}: {@link #evaluative} of every actor's
   * evidence in the article; {@code article}: the unit mean stance-pass state of every actor's evidence sentences;
   * {@code own}: the actor's, as {@link #ownFromTargets} says (its evidence sentences' or its targets' unit mean state).
   */
  public FusedArticleStance.Decision decide(FusedArticleStance.ActorEvidence evidence, double evaluative, double[] own, double[] article) {
    return decide(evidence, evaluative, own, article, false);
  }

  /** As above; {@code ofOutletSide}: the actor is one of the publishing outlet's sides (read only by a fit that has {@link #outletSide}). */
  public FusedArticleStance.Decision decide(FusedArticleStance.ActorEvidence evidence, double evaluative, double[] own, double[] article,
                                            boolean ofOutletSide) {
    return decide(evidence, evaluative, own, article, ofOutletSide, false);
  }

  /**
   * As above; {@code byPartisanOutlet}: the publishing outlet has some side, this actor's or another's (read only by a
   * fit that has {@link #partisanOutlet}).
   */
  public FusedArticleStance.Decision decide(FusedArticleStance.ActorEvidence evidence, double evaluative, double[] own, double[] article,
                                            boolean ofOutletSide, boolean byPartisanOutlet) {
    PrincipalComponents ownAxes = targetAxes != null ? targetAxes : axes;
    return shipped(evidence, () -> {
      double[] x = features(evidence, evaluative, ownAxes.project(own), axes.project(article), components);
      return predict(withOutletFeatures(x, outletSide, partisanOutlet, ofOutletSide, byPartisanOutlet));
    }, ownSidePastGuard && ofOutletSide);
  }

  /**
   * How this decision ships: {@link #defaultOr} with {@link #decidesArticleOf} as the gate, and never the opposite of a
   * direction DEFAULT calls (eval/heldout README, rule v7). The embeddings are shared by every actor of the same
   * sentences, so the regression can paint a whole article one colour (ISIS FAVOR beside its own score of -0.33 on a
   * seed); only the actor's own evidence may set the direction against DEFAULT's.
   */
  public static FusedArticleStance.Decision shipped(FusedArticleStance.ActorEvidence evidence, java.util.function.Supplier<Stance> learned) {
    return shipped(evidence, learned, false);
  }

  /** As above; {@code pastGuard}: without the reversal guard (the gate and DEFAULT's MIXED stay; rule v18 for the outlet's own side). */
  public static FusedArticleStance.Decision shipped(FusedArticleStance.ActorEvidence evidence, java.util.function.Supplier<Stance> learned,
                                                    boolean pastGuard) {
    FusedArticleStance.Decision byDefault = FusedArticleStance.DEFAULT.decide(evidence);
    FusedArticleStance.Decision d = defaultOr(evidence, byDefault, ArticleEmbeddingDecision::decidesArticleOf, learned);
    return !pastGuard && reverses(byDefault.stance(), d.stance()) ? byDefault : d;
  }

  /** Whether {@code to} is the opposite direction of {@code from} (FAVOR and AGAINST). */
  static boolean reverses(Stance from, Stance to) {
    return (from == Stance.FAVOR && to == Stance.AGAINST) || (from == Stance.AGAINST && to == Stance.FAVOR);
  }

  /**
   * How a learned article decision ships, whatever its features: DEFAULT's decision where it is MIXED or
   * {@code decides} (each decision's gate) leaves the article to DEFAULT, else {@code learned}'s class with DEFAULT's score.
   */
  public static FusedArticleStance.Decision defaultOr(FusedArticleStance.ActorEvidence evidence,
      java.util.function.Predicate<FusedArticleStance.ActorEvidence> decides, java.util.function.Supplier<Stance> learned) {
    return defaultOr(evidence, FusedArticleStance.DEFAULT.decide(evidence), decides, learned);
  }

  /** {@link #defaultOr} given DEFAULT's decision of {@code evidence}, for a caller that also needs it. */
  private static FusedArticleStance.Decision defaultOr(FusedArticleStance.ActorEvidence evidence, FusedArticleStance.Decision byDefault,
      java.util.function.Predicate<FusedArticleStance.ActorEvidence> decides, java.util.function.Supplier<Stance> learned) {
    if (byDefault.stance() == Stance.MIXED || !decides.test(evidence)) return byDefault;
    return new FusedArticleStance.Decision(learned.get(), byDefault.score());
  }

  /** The class of raw features (the evidence features, then {@code components} of each projection). */
  public Stance predict(double[] features) {
    return CLASSES.get(regression.predict(features));
  }

  /** The 13 evidence features, then the first {@code k} of each projected representation. */
  public static double[] features(FusedArticleStance.ActorEvidence e, double evaluative, double[] ownProjected, double[] articleProjected, int k) {
    double[] evidence = evidenceFeatures(e, evaluative);
    double[] x = new double[evidence.length + 2 * k];
    System.arraycopy(evidence, 0, x, 0, evidence.length);
    System.arraycopy(ownProjected, 0, x, evidence.length, k);
    System.arraycopy(articleProjected, 0, x, evidence.length + k, k);
    return x;
  }

  /** {@code x} with the outlet-side feature appended: 1 if the actor is one of the publishing outlet's sides, else 0. */
  public static double[] features(double[] x, boolean ofOutletSide) {
    double[] out = java.util.Arrays.copyOf(x, x.length + 1);
    out[x.length] = ofOutletSide ? 1 : 0;
    return out;
  }

  /**
   * {@code x} with the outlet features a fit reads appended, in the one order fits are made and read: the outlet side
   * ({@link #features(double[], boolean)}) if {@code readsOutletSide}, then the partisan outlet ({@link #partisanFeatures})
   * if {@code readsPartisanOutlet}.
   */
  public static double[] withOutletFeatures(double[] x, boolean readsOutletSide, boolean readsPartisanOutlet, boolean ofOutletSide,
                                            boolean byPartisanOutlet) {
    double[] withSide = readsOutletSide ? features(x, ofOutletSide) : x;
    return readsPartisanOutlet ? partisanFeatures(withSide, byPartisanOutlet) : withSide;
  }

  /**
   * {@code x} (evidence features first) with the partisan-outlet features appended: whether the publishing outlet has
   * any side, and that times the actor's mean and diluted score (evidence features 1 and 2), so a fit can trust the
   * sentences of a party's organ more than a wire report's.
   */
  public static double[] partisanFeatures(double[] x, boolean byPartisanOutlet) {
    double[] out = java.util.Arrays.copyOf(x, x.length + PARTISAN_FEATURES);
    if (byPartisanOutlet) {
      out[x.length] = 1;
      out[x.length + 1] = x[0];
      out[x.length + 2] = x[1];
    }
    return out;
  }

  /**
   * The thirteen evidence features: ten of the actor's evidence, each sentence scored and weighted as DEFAULT does,
   * then the article's {@code evaluative} alone and times the mean and the diluted score (opinion pieces take sides,
   * wire reports do not).
   */
  public static double[] evidenceFeatures(FusedArticleStance.ActorEvidence e, double evaluative) {
    FusedArticleStance f = FusedArticleStance.DEFAULT;
    double weighted = 0, weights = 0, min = 0, max = 0, neg = 0, pos = 0, speaker = 0;
    boolean title = false;
    for (FusedArticleStance.Sentence s : e.sentences()) {
      double v = f.score(s), w = f.weight(s);
      weighted += w * v;
      weights += w;
      min = Math.min(min, v);
      max = Math.max(max, v);
      neg += w * Math.max(0, -v);
      pos += w * Math.max(0, v);
      if (s.speaker()) speaker++;
      if (s.weight() > 1) title = true;
    }
    int n = e.sentences().size();
    double meanScore = weights == 0 ? 0 : weighted / weights;
    double diluted = f.decide(e).score();
    return new double[] {
        meanScore,
        diluted,
        min,
        max,
        weights == 0 ? 0 : neg / weights,
        weights == 0 ? 0 : pos / weights,
        Math.log1p(n),
        n + e.otherSentences() == 0 ? 0 : (double) n / (n + e.otherSentences()),
        title ? 1 : 0,
        n == 0 ? 0 : speaker / n,
        evaluative,
        evaluative * meanScore,
        evaluative * diluted};
  }

  /** How evaluative the whole article is: the mean |score| of every actor's sentences (wire reports score low). */
  public static double evaluative(Collection<FusedArticleStance.ActorEvidence> all) {
    double sum = 0;
    int n = 0;
    for (FusedArticleStance.ActorEvidence e : all) {
      for (FusedArticleStance.Sentence s : e.sentences()) {
        sum += Math.abs(FusedArticleStance.DEFAULT.score(s));
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * The unit-length mean of the sentences' states ({@link NeuralStanceModel#classifyWithStates}) of {@code dimension}
   * values, each sentence once; a sentence without a state (past the per-article cap) is left out, none gives zeros.
   */
  public static double[] meanState(java.util.Map<String, double[]> states, List<String> sentences, int dimension) {
    double[] m = new double[dimension];
    for (String sentence : new java.util.LinkedHashSet<>(sentences)) {
      double[] e = states.get(sentence);
      if (e == null) continue;
      for (int j = 0; j < dimension; j++) m[j] += e[j];
    }
    return org.stancewatch.nlp.neural.MiniLmEncoder.unit(m);
  }

  /** How many values a state has: what {@link #meanState} is given. */
  public int dimension() {
    return axes.mean().length;
  }

  /** Writes the decision as JSON plus FILE.sha256 (what {@link #read} checks). */
  public void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("format", FORMAT);
    root.put("fittedOn", fittedOn);
    if (outletSide) root.put("outletSide", true);
    if (partisanOutlet) root.put("partisanOutlet", true);
    if (ownSidePastGuard) root.put("ownSidePastGuard", true);
    root.put("classes", CLASSES.toString());
    root.set("componentMean", numbers(json, axes.mean()));
    ArrayNode axisRows = root.putArray("componentAxes");
    for (double[] axis : axes.axes()) axisRows.add(numbers(json, axis));
    root.put("componentVarianceShare", axes.varianceShare());
    if (targetAxes != null) {
      root.set("targetComponentMean", numbers(json, targetAxes.mean()));
      ArrayNode targetRows = root.putArray("targetComponentAxes");
      for (double[] axis : targetAxes.axes()) targetRows.add(numbers(json, axis));
      root.put("targetComponentVarianceShare", targetAxes.varianceShare());
    }
    ArrayNode weightRows = root.putArray("weights");
    for (double[] row : regression.weights()) weightRows.add(numbers(json, row));
    root.set("featureMean", numbers(json, regression.mean()));
    root.set("featureScale", numbers(json, regression.scale()));
    byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), NeuralStanceModel.sha256(bytes) + "  " + file.getFileName() + "\n");
  }

  /** Reads a decision written by {@link #write}, after its checksum; errors name {@code name} and what is wrong. */
  public static ArticleEmbeddingDecision read(byte[] bytes, String expectedSha256, String name) throws IOException {
    String expected = expectedSha256.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    String actual = NeuralStanceModel.sha256(bytes);
    if (!actual.equals(expected)) {
      throw new IOException(name + ": checksum mismatch (SHA-256 " + actual + ", expected " + expected
          + "); the article decision file is corrupt or was replaced without its .sha256");
    }
    JsonNode root = new ObjectMapper().readTree(bytes);
    if (!FORMAT.equals(root.path("format").asText())) throw new IOException(name + ": not a stancewatch article decision (format " + FORMAT + ")");
    try {
      PrincipalComponents axes = new PrincipalComponents(vector(root.path("componentMean")), matrix(root.path("componentAxes")),
          root.path("componentVarianceShare").asDouble());
      PrincipalComponents targetAxes = root.has("targetComponentAxes") ? new PrincipalComponents(vector(root.path("targetComponentMean")),
          matrix(root.path("targetComponentAxes")), root.path("targetComponentVarianceShare").asDouble()) : null;
      SoftmaxRegression regression = new SoftmaxRegression(matrix(root.path("weights")), vector(root.path("featureMean")),
          vector(root.path("featureScale")));
      return new ArticleEmbeddingDecision(axes, targetAxes, regression, root.path("fittedOn").asText(), root.path("outletSide").asBoolean(false),
          root.path("partisanOutlet").asBoolean(false), root.path("ownSidePastGuard").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode numbers(ObjectMapper json, double[] v) {
    ArrayNode a = json.createArrayNode();
    for (double x : v) a.add(x);
    return a;
  }

  private static double[] vector(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
    return v;
  }

  private static double[][] matrix(JsonNode a) {
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) m[i] = vector(a.get(i));
    return m;
  }

  @Override
  public String toString() {
    return "ArticleEmbeddingDecision[" + components + " components" + (targetAxes != null ? ", own from target states" : "")
        + (outletSide ? ", outlet side" : "") + (partisanOutlet ? ", partisan outlet" : "") + ", " + fittedOn + "]";
  }
}
