package org.stancewatch.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.OutletSides;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.discover.Candidate;
import org.stancewatch.nlp.discover.CandidateFinder;
import org.stancewatch.nlp.match.ActorMatcher;
import org.stancewatch.nlp.match.Mention;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.neural.TargetMark;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.parse.ParsedSentence;
import org.stancewatch.nlp.stance.ArticleEmbeddingDecision;
import org.stancewatch.nlp.stance.FusedArticleStance;
import org.stancewatch.nlp.stance.SentenceStance;
import org.stancewatch.nlp.stance.SentenceStanceClassifier;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.nlp.stance.StanceSource;
import org.stancewatch.nlp.stance.SurfaceHolders;
import org.stancewatch.nlp.text.MainTextDetector;
import org.stancewatch.nlp.text.Sentence;
import org.stancewatch.nlp.text.SentenceSplitter;
import org.stancewatch.nlp.text.TextNormalizer;

/**
 * Actors, mentions and the article's stance toward each actor. Thread-safe: all state is immutable
 * and the ClearNLP parser and stance model are shared, loaded once per JVM on first analysis.
 *
 * <p>The title is analysed together with the body as {@code title + "\n\n" + body} (so short forms
 * and acronyms learned anywhere apply everywhere), but every reported offset indexes {@code body}:
 * mentions in the title are not listed as mentions (the title still counts as stance evidence, with
 * offsets -1), and an actor named only in the title is reported with no mentions. A title the body already
 * holds is counted once: a body line that is the title is weighted as the title where it stands, and a title
 * cut from the lead ("...…", as the raw text reader makes) adds nothing.
 *
 * <p>Only sentences that mention an actor are parsed, and at most {@link #MAX_PARSED_SENTENCES} per
 * article (in the order the actors first appear), so an article at the body limit cannot cost minutes of a
 * core; mentions are still all counted. A sentence whose only mention of X is as the
 * speaker of a reporting verb ("..., Maliki said") is not evidence about X; its speaker is recorded
 * as the holder of the evidence for the other actors in it.
 */
public final class ArticleAnalyzer {
  /**
   * 0.2: the FUSED article decision ({@link FusedArticleStance}) lets the fine-tuned model speak with full weight.
   * 0.5: case-sensitive names, surnames supported by a full name inside a longer match, closing paragraphs kept,
   * countries after a compass modifier or "much of" taken as places.
   * 0.6: a bare surname before a possessive agent or act of a state ("Erdogan's army") names the leader; a closing
   * paragraph of prose is kept even when it names nobody from the text before.
   * 0.7: "Putin's war" names the leader; more countries named only as places (swathes of, "in neighbouring X", a border
   * they name, "Yemen's Houthis"); new aliases and persons (catalogue).
   * 0.8: the matcher rules M1, M2 and M4-M7 of sessions 35-37 (eval/heldout README): a demonym role names the state
   * too, agency credits, more agents of a state after a demonym, armed forces by demonym or possessive, the sitting
   * office holder's bare surname, a country as a group's home or a place ("Lebanon-based", "Yemen's port city"). The
   * catalogue has its own fingerprint in the pipeline's version; matcher code has only this prefix.
   * 0.9: matcher rules M8b (a plural demonym after "the" names the state) and M9 (a role with a country's possessive
   * names the country), and the article decision reads the publishing outlet's side (sessions 39-40).
   * 0.10: up to three closing paragraphs of prose are kept (rule T1), and the article decision (rule v17) also reads
   * whether the publishing outlet is an organ of any party (screen P1; session 41).
   */
  private static final String VERSION_PREFIX = "nlp-0.10";
  /** |sentence score| above this counts toward FAVOR / AGAINST (and MIXED when both sides reach it). */
  private static final double STRONG = 0.3;
  /**
   * MIXED: the weighted evidence mass of the strong sentences on each side reaches this (about two
   * clear sentences, or a clear title and one sentence) ...
   */
  private static final double MIXED_MIN_MASS = 1.0;
  /** ... and neither side dominates: the smaller mass is at least this share of the larger. */
  private static final double MIXED_BALANCE = 0.4;
  /** Article score beyond this decides FAVOR / AGAINST (CLASSIC and NEURAL; FUSED: {@link FusedArticleStance}). */
  private static final double DECIDE = 0.08;
  /**
   * The same for an actor on whom no construction rule fired: the model alone, trained on general
   * news, reads any war sentence as negative, so its verdict on an actor merely named needs more.
   */
  private static final double DECIDE_MODEL_ONLY = 0.15;
  /** The title speaks for the article more than any single body sentence. */
  private static final double TITLE_WEIGHT = 1.5;
  /**
   * CLASSIC article-level sentence score = MODEL_SHARE * hashed model + rules. The hashed model learned from general
   * news (NewsMTSC) reads war reporting as uniformly negative ("fought against terrorists"), so in articles the
   * target-specific rules carry more weight than in {@link SentenceStanceClassifier}. FUSED does not mute the
   * fine-tuned model this way: muted, a one-sentence article could never be FAVOR/AGAINST by the model alone
   * (3.5 % of dev's one-sentence articles tagged AGAINST, 39 % true), see {@link FusedArticleStance}.
   */
  private static final double MODEL_SHARE = 0.3;

  /**
   * Parses per article. A long news article has a few dozen sentences naming actors; without a cap a
   * 1,000,000-character body naming an actor in every sentence took about 30 s of a core (CHAOS.md, Limits).
   */
  static final int MAX_PARSED_SENTENCES = 300;

  private static volatile String hashedModelCrc;
  private static final Map<NeuralStanceModel.Variant, String> NEURAL_MODEL_SHA = new java.util.concurrent.ConcurrentHashMap<>();

  private final ActorCatalogue catalogue;
  private final ActorMatcher matcher;
  private final SentenceSplitter splitter = new SentenceSplitter();
  private final MainTextDetector mainText = new MainTextDetector();
  private final CandidateFinder candidateFinder;
  private final StanceSource source;
  private final FusedArticleStance fused;
  private final NeuralStanceModel.Variant model;
  /** A model loaded from a file instead of the committed one (a cross-validation fold's); null: {@link #model}'s. */
  private final NeuralStanceModel loadedModel;
  private final String loadedModelSha;
  /** NOPARSE's learned article decision over the stance pass's states; null: FusedArticleStance decides alone. */
  private final ArticleEmbeddingDecision articleDecision;

  /** With the stance source from {@link StanceSource#configured()}. */
  public ArticleAnalyzer(ActorCatalogue catalogue) {
    this(catalogue, StanceSource.configured());
  }

  public ArticleAnalyzer(ActorCatalogue catalogue, StanceSource source) {
    this(catalogue, source, FusedArticleStance.DEFAULT);
  }

  /** With another FUSED article decision (for choosing its thresholds on labelled data). */
  public ArticleAnalyzer(ActorCatalogue catalogue, StanceSource source, FusedArticleStance fused) {
    this(catalogue, source, fused, source.neuralModel());
  }

  private ArticleAnalyzer(ActorCatalogue catalogue, StanceSource source, FusedArticleStance fused, NeuralStanceModel.Variant model) {
    this(catalogue, source, fused, model, null, null);
  }

  private ArticleAnalyzer(ActorCatalogue catalogue, StanceSource source, FusedArticleStance fused, NeuralStanceModel.Variant model,
      NeuralStanceModel loadedModel, String loadedModelSha) {
    this(catalogue, source, fused, model, loadedModel, loadedModelSha,
        decidesByEmbeddings(source, fused, model, embeddedConfigured()) ? ArticleEmbeddingDecision.committed() : null);
  }

  private ArticleAnalyzer(ActorCatalogue catalogue, StanceSource source, FusedArticleStance fused, NeuralStanceModel.Variant model,
      NeuralStanceModel loadedModel, String loadedModelSha, ArticleEmbeddingDecision articleDecision) {
    this.model = Objects.requireNonNull(model, "model");
    this.loadedModel = loadedModel;
    this.loadedModelSha = loadedModelSha;
    this.fused = Objects.requireNonNull(fused, "fused");
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.matcher = new ActorMatcher(catalogue);
    // With the catalogue, so a tracked name that is no mention here ("Iraqi people", "in Baghdad") is no candidate.
    this.candidateFinder = new CandidateFinder(catalogue);
    this.source = Objects.requireNonNull(source, "source");
    this.articleDecision = articleDecision;
  }

  /**
   * {@code -Dstancewatch.article.decision}: {@code embedded} (the default: {@link ArticleEmbeddingDecision} decides
   * NOPARSE's long articles, adopted under eval/heldout README's rule v5) or {@code thresholds}
   * (FusedArticleStance.DEFAULT alone, the product before session 33).
   */
  public static final String ARTICLE_DECISION_PROPERTY = "stancewatch.article.decision";

  static boolean embeddedConfigured() {
    String set = System.getProperty(ARTICLE_DECISION_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
    if (!set.equals("embedded") && !set.equals("thresholds")) {
      throw new IllegalArgumentException("-D" + ARTICLE_DECISION_PROPERTY + " must be thresholds or embedded, not '" + set + "'");
    }
    return set.equals("embedded");
  }

  /**
   * Whether NOPARSE's article stance comes from {@link ArticleEmbeddingDecision} when {@code embedded} is asked for: with
   * the DEFAULT thresholds (other thresholds are being tuned) and a model run without its marker (only that pass gives
   * each sentence's states).
   */
  static boolean decidesByEmbeddings(StanceSource source, FusedArticleStance fused, NeuralStanceModel.Variant model, boolean embedded) {
    return embedded && source == StanceSource.NOPARSE && fused.equals(FusedArticleStance.DEFAULT) && model.mark() == TargetMark.NONE;
  }

  /** The same analyser with {@link ArticleEmbeddingDecision} deciding NOPARSE's article stance ({@code embedded}) or not. */
  public ArticleAnalyzer withArticleDecision(boolean embedded) {
    return new ArticleAnalyzer(catalogue, source, fused, model, loadedModel, loadedModelSha,
        decidesByEmbeddings(source, fused, model, embedded) ? ArticleEmbeddingDecision.committed() : null);
  }

  /** Whether {@link ArticleEmbeddingDecision} decides this analyser's article stance. */
  public boolean decidesByEmbeddings() {
    return articleDecision != null;
  }

  /** A new analyser over another catalogue; the parser and model stay shared. */
  public ArticleAnalyzer withCatalogue(ActorCatalogue c) {
    return new ArticleAnalyzer(c, source, fused, model, loadedModel, loadedModelSha, articleDecision);
  }

  /**
   * The same analyser with a model loaded from a file written by {@code train stance} in place of the committed one
   * (load it with the source's target mark, {@link NeuralStanceModel.Variant#mark()} of {@link #neuralModel()}; the caller
   * closes it). For scoring a cross-validation fold's model on the sentences it did not train on
   * ({@code StanceCalibrationBuilder}); {@code sha256}: the file's, which the analyser version then names.
   */
  public ArticleAnalyzer withNeuralModel(NeuralStanceModel loaded, String sha256) {
    if (source == StanceSource.CLASSIC) throw new IllegalArgumentException("the CLASSIC stance source runs no neural model");
    return new ArticleAnalyzer(catalogue, source, fused, model, Objects.requireNonNull(loaded, "loaded"), sha256.substring(0, 12));
  }

  /**
   * The same analyser with another committed neural model (NEURAL, FUSED, NOPARSE); the default is the source's
   * ({@link StanceSource#neuralModel()}), or {@code -Dstancewatch.neural.model=marked|pooled|marked-pooled} when set.
   */
  public ArticleAnalyzer withNeuralModel(NeuralStanceModel.Variant m) {
    return new ArticleAnalyzer(catalogue, source, fused, m);
  }

  public NeuralStanceModel.Variant neuralModel() {
    return model;
  }

  public StanceSource stanceSource() {
    return source;
  }

  /** {@link #version(StanceSource)} of {@link StanceSource#configured()}. */
  public static String version() {
    return version(StanceSource.configured());
  }

  /** {@link #version(StanceSource)} of this analyser's source: for EnrichedArticle.enricherVersion. */
  public String analyzerVersion() {
    return version(source, model, loadedModel != null ? "file-" + loadedModelSha : neuralModelShaOrNull(source, model), articleDecision != null);
  }

  /**
   * "nlp-0.10+&lt;source&gt;+model-&lt;crc of the hashed stance model&gt;", plus "+neural-&lt;first 12 hex digits of the
   * fine-tuned model's SHA-256&gt;" for NEURAL, FUSED and NOPARSE, and "+decision-&lt;12 hex digits&gt;" of
   * {@link ArticleEmbeddingDecision}'s file where it decides (NOPARSE by default), so enriched articles name the tagger
   * that judged them and a new model, decision or source re-enriches. CLASSIC does not use the neural model, so its
   * version does not name it.
   */
  public static String version(StanceSource source) {
    return version(source, source.neuralModel());
  }

  private static String version(StanceSource source, NeuralStanceModel.Variant model) {
    return version(source, model, neuralModelShaOrNull(source, model), decidesByEmbeddings(source, FusedArticleStance.DEFAULT, model, embeddedConfigured()));
  }

  private static String neuralModelShaOrNull(StanceSource source, NeuralStanceModel.Variant model) {
    return source == StanceSource.CLASSIC ? null : neuralModelSha(model);
  }

  /**
   * {@code neural}: which fine-tuned weights (the committed file's SHA prefix, or "file-" and a loaded file's);
   * {@code embedded}: whether {@link ArticleEmbeddingDecision} decides (then "+decision-" and its file's SHA prefix).
   */
  private static String version(StanceSource source, NeuralStanceModel.Variant model, String neural, boolean embedded) {
    String v = VERSION_PREFIX + "+" + source.name().toLowerCase(Locale.ROOT) + "+model-" + hashedModelCrc();
    if (source == StanceSource.CLASSIC) return v;
    // A model run without its marker gives other scores from the same file: its own version.
    v = v + "+neural-" + neural + (model == NeuralStanceModel.Variant.MARKED_POOLED ? "-pooled" : "");
    return embedded ? v + "+decision-" + StanceCalibration.resourceSha256(ArticleEmbeddingDecision.RESOURCE).substring(0, 12) : v;
  }

  private static String hashedModelCrc() {
    String v = hashedModelCrc;
    if (v == null) {
      CRC32 crc = new CRC32();
      try (InputStream in = ArticleAnalyzer.class.getResourceAsStream(SentenceStanceClassifier.MODEL_RESOURCE)) {
        if (in == null) throw new IllegalStateException("Missing classpath resource " + SentenceStanceClassifier.MODEL_RESOURCE);
        crc.update(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      v = hashedModelCrc = String.format(Locale.ROOT, "%08x", crc.getValue());
    }
    return v;
  }

  /** From the model's .sha256 file, which {@link NeuralStanceModel#shared()} checks the weights against at load. */
  private static String neuralModelSha(NeuralStanceModel.Variant model) {
    String v = NEURAL_MODEL_SHA.get(model);
    if (v == null) {
      String resource = model.resource() + ".sha256";
      try (InputStream in = ArticleAnalyzer.class.getResourceAsStream(resource)) {
        if (in == null) throw new IllegalStateException("Missing classpath resource " + resource);
        String sum = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (!sum.matches("[0-9a-f]{64}(\\s.*)?")) throw new IllegalStateException(resource + ": not a SHA-256 line: " + sum);
        v = sum.substring(0, 12);
        NEURAL_MODEL_SHA.put(model, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return v;
  }

  public ArticleAnalysis analyze(String title, String body, LocalDate day) {
    return analyze(title, body, day, null, Set.of());
  }

  /**
   * As above, for an article whose publisher is known ({@code outlet}, {@code url}: null when not): an article decision
   * fitted with the outlet side ({@link ArticleEmbeddingDecision#outletSide}) reads whether each actor is one of the
   * outlet's sides ({@link OutletSides}), one fitted with the partisan outlet whether it has any; otherwise the result is
   * the same as without them.
   */
  public ArticleAnalysis analyze(String title, String body, LocalDate day, String outlet, String url) {
    Set<String> sides = articleDecision != null && articleDecision.readsOutlet() ? OutletSides.starter().sidesOf(outlet, url) : Set.of();
    return analyze(title, body, day, null, sides);
  }

  /**
   * FUSED and NOPARSE: each actor's sentence evidence as {@link FusedArticleStance} sees it (after the second pass), so its
   * thresholds can be chosen on labelled articles without re-running the parser and model for every candidate.
   */
  public Map<String, FusedArticleStance.ActorEvidence> fusedEvidence(String title, String body, LocalDate day) {
    if (!decidesFused()) throw new IllegalStateException("fusedEvidence needs the FUSED or NOPARSE stance source, not " + source);
    Map<String, FusedArticleStance.ActorEvidence> out = new LinkedHashMap<>();
    analyze(title, body, day, out::put, Set.of());
    return out;
  }

  /**
   * What the stance pass makes of an article (English, neural sources, model POOLED or MARKED_POOLED;
   * {@link NeuralStanceModel#classifyWithStates}): {@code sentences}, each sentence's mean last-layer state by its text as
   * evidence quotes it; {@code actors}, each actor's unit mean target state over the sentences it is scored in. For
   * measuring an article decision over representations the product already computes (nlp README, "Sentence embeddings
   * of the article"); the analysis uses them only when {@link ArticleEmbeddingDecision} decides.
   */
  public record StancePassStates(Map<String, double[]> sentences, Map<String, double[]> actors) {
    static final StancePassStates NONE = new StancePassStates(Map.of(), Map.of());
  }

  public StancePassStates stancePassStates(String title, String body, LocalDate day) {
    Prepared p = prepare(title, body, day);
    if (!p.language().equals("en") || source == StanceSource.CLASSIC) return StancePassStates.NONE;
    return neuralPass(p.text(), p.sentences(), p.mainEnd(), p.byActor(), true).states();
  }

  /** FUSED and NOPARSE decide with {@link FusedArticleStance}. */
  private boolean decidesFused() {
    return source == StanceSource.FUSED || source == StanceSource.NOPARSE;
  }

  private ArticleAnalysis analyze(String title, String body, LocalDate day, BiConsumer<String, FusedArticleStance.ActorEvidence> recorder,
                                  Set<String> outletSides) {
    // Before the neural pass loads its model: in a heap too small for the parse, that load could itself run out of
    // memory first, and the user would get an OutOfMemoryError instead of the message naming the fix.
    if (source.parses()) DependencyParser.requireHeap();
    Prepared p = prepare(title, body, day);
    String safeBody = p.safeBody();
    String text = p.text();
    List<Sentence> sentences = p.sentences();
    int mainEnd = p.mainEnd();
    int bodyOffset = p.bodyOffset();
    List<Mention> mentions = p.mentions();
    List<Candidate> candidates = candidateFinder.find(p.mainText(), mentions);
    String language = p.language();
    boolean english = language.equals("en");

    Map<String, List<Mention>> byActor = p.byActor();
    NeuralPass pass = english && source != StanceSource.CLASSIC ? neuralPass(text, sentences, mainEnd, byActor, articleDecision != null) : NeuralPass.NONE;
    Context ctx = new Context(text, sentences, mentions, mainEnd, bodyOffset, p.titleStart(), p.titleEnd(), new HashMap<>(), new HashMap<>(),
        pass.probabilities());
    // The learned decision reads every actor's evidence at once, so it decides after the per-actor pass.
    Map<String, FusedArticleStance.ActorEvidence> evidenceById = new LinkedHashMap<>();
    BiConsumer<String, FusedArticleStance.ActorEvidence> recording = articleDecision == null ? recorder : (id, ev) -> {
      evidenceById.put(id, ev);
      if (recorder != null) recorder.accept(id, ev);
    };
    List<ActorResult> results = new ArrayList<>();
    Map<String, ActorResult> firstPass = new LinkedHashMap<>();
    for (Map.Entry<String, List<Mention>> e : byActor.entrySet()) {
      String id = e.getKey();
      List<Mention> bodyMentions = new ArrayList<>();
      for (Mention m : e.getValue()) {
        if (m.start() >= bodyOffset) {
          bodyMentions.add(new Mention(m.actorId(), m.start() - bodyOffset, m.end() - bodyOffset, safeBody.substring(m.start() - bodyOffset, m.end() - bodyOffset), m.kind()));
        }
      }
      ActorEntry entry = catalogue.get(id).orElse(null);
      String name = entry == null ? id : entry.name();
      String type = entry == null ? "UNKNOWN" : String.valueOf(entry.type());
      if (!english) {
        Evidence why = new Evidence("", -1, -1, 0, List.of("language:" + language + " (stance only for English)"), null);
        results.add(new ActorResult(id, name, type, bodyMentions, Stance.NEUTRAL, 0, List.of(why)));
        continue;
      }
      firstPass.put(id, assess(ctx, new ActorResult(id, name, type, bodyMentions, Stance.NEUTRAL, 0, List.of()), e.getValue(), Set.of(), byActor, recording));
    }
    // Second pass: once the article's enemies are known, fighting them is credit to the fighter (a rule over the
    // parse: sources without rules would get the same answer again).
    Set<String> enemies = new HashSet<>();
    for (ActorResult r : firstPass.values()) if (r.stance() == Stance.AGAINST) enemies.add(r.actorId());
    for (ActorResult r : firstPass.values()) {
      Set<String> others = new HashSet<>(enemies);
      others.remove(r.actorId());
      results.add(others.isEmpty() || source == StanceSource.NOPARSE ? r : assess(ctx, r, byActor.get(r.actorId()), others, byActor, recorder));
    }
    if (articleDecision != null && english) results = decideByEmbeddings(results, evidenceById, pass.states(), outletSides);
    int reportedEnd = Math.max(0, Math.min(safeBody.length(), mainEnd - bodyOffset));
    List<String> publisherSides = articleDecision != null && english ? outletSides.stream().sorted().toList() : List.of();
    return new ArticleAnalysis(language, results, candidates, reportedEnd, publisherSides);
  }

  /**
   * Each NOPARSE result re-decided by {@link ArticleEmbeddingDecision} (its score and evidence unchanged): every actor's
   * evidence sentences as their mean stance-pass state, and the actor's own target states (or, for a decision fitted
   * on sentences, its evidence sentences), whether the actor is one of {@code outletSides} and whether there are any.
   */
  private List<ActorResult> decideByEmbeddings(List<ActorResult> results, Map<String, FusedArticleStance.ActorEvidence> evidenceById,
                                               StancePassStates states, Set<String> outletSides) {
    double evaluative = ArticleEmbeddingDecision.evaluative(evidenceById.values());
    List<String> all = new ArrayList<>();
    for (ActorResult r : results) for (Evidence e : r.evidence()) if (!all.contains(e.sentence())) all.add(e.sentence());
    int dimension = articleDecision.dimension();
    double[] article = ArticleEmbeddingDecision.meanState(states.sentences(), all, dimension);
    List<ActorResult> out = new ArrayList<>(results.size());
    for (ActorResult r : results) {
      FusedArticleStance.ActorEvidence ev = evidenceById.get(r.actorId());
      if (ev == null) {
        out.add(r);
        continue;
      }
      double[] own = articleDecision.ownFromTargets()
          ? states.actors().getOrDefault(r.actorId(), new double[dimension])
          : ArticleEmbeddingDecision.meanState(states.sentences(), r.evidence().stream().map(Evidence::sentence).distinct().toList(), dimension);
      FusedArticleStance.Decision d = articleDecision.decide(ev, evaluative, own, article, outletSides.contains(r.actorId()), !outletSides.isEmpty());
      out.add(new ActorResult(r.actorId(), r.name(), r.type(), r.mentions(), d.stance(), r.score(), r.evidence()));
    }
    return out;
  }

  /**
   * The text being analysed (title + body), its sentences, the main text (normalised) and its language, and the mentions
   * before the main text ends (also by actor).
   */
  private record Prepared(String text, String safeBody, int bodyOffset, int titleStart, int titleEnd, List<Sentence> sentences,
                          int mainEnd, String mainText, List<Mention> mentions, Map<String, List<Mention>> byActor,
                          String language) {}

  private Prepared prepare(String title, String body, LocalDate day) {
    String safeTitle = title == null ? "" : title.strip();
    String safeBody = body == null ? "" : body;
    // A title the body already holds is counted once: raw text keeps its headline line in the body, and a
    // title made from the lead ("...…") is the lead's start. Only a title the body lacks is prepended.
    int titleLine = safeTitle.isEmpty() ? -1 : lineOffset(safeBody, safeTitle);
    boolean titleFromLead = titleLine < 0 && isCutLead(safeTitle, safeBody);
    boolean prepend = !safeTitle.isEmpty() && titleLine < 0 && !titleFromLead;
    String text = prepend ? safeTitle + "\n\n" + safeBody : safeBody;
    int bodyOffset = text.length() - safeBody.length();
    int titleStart = prepend ? 0 : titleLine;
    int titleEnd = prepend ? safeTitle.length() : titleLine < 0 ? -1 : titleLine + safeTitle.length();
    String normalized = TextNormalizer.normalize(text);
    List<Sentence> sentences = splitter.split(normalized);
    List<Mention> all = matcher.find(normalized, day);
    int mainEnd = mainText.mainTextEnd(normalized, sentences, all);
    List<Mention> mentions = new ArrayList<>();
    for (Mention m : all) if (m.start() < mainEnd) mentions.add(m);
    // Group mentions by actor, in order of first appearance.
    Map<String, List<Mention>> byActor = new LinkedHashMap<>();
    for (Mention m : mentions) byActor.computeIfAbsent(m.actorId(), k -> new ArrayList<>()).add(m);
    String mainText = normalized.substring(0, Math.min(mainEnd, normalized.length()));
    return new Prepared(text, safeBody, bodyOffset, titleStart, titleEnd, sentences, mainEnd, mainText, mentions, byActor,
        LanguageGuess.of(mainText));
  }

  /** One (sentence, actor) pair the neural model is asked about: the actor's first mention in the sentence. */
  public record TargetSentence(String actorId, String sentence, int from, int to) {}

  /**
   * The (sentence, actor) pairs this analyser's neural model scores for an article, in text order: what a model
   * trained on labelled articles must learn from (distant labels: each pair gets the article's stance toward the
   * actor). Empty for a non-English text, which gets no stance.
   */
  public List<TargetSentence> targetSentences(String title, String body, LocalDate day) {
    Prepared p = prepare(title, body, day);
    if (!p.language().equals("en")) return List.of();
    ModelPairs pairs = modelPairs(p.sentences(), p.mainEnd(), p.byActor());
    List<TargetSentence> out = new ArrayList<>();
    for (int i = 0; i < pairs.texts().size(); i++) {
      for (int k = 0; k < pairs.targets().get(i).size(); k++) {
        NeuralStanceModel.Target t = pairs.targets().get(i).get(k);
        out.add(new TargetSentence(pairs.actors().get(i).get(k), pairs.texts().get(i), t.from(), t.to()));
      }
    }
    return out;
  }

  /**
   * The text being analysed (title + body), its sentences and mentions, and the parses made so far,
   * and the stances found with no enemy in the sentence: the second pass gets the same answer for
   * them, so it reuses them (keyed by sentence index and target span).
   */
  private record Context(String text, List<Sentence> sentences, List<Mention> mentions, int mainEnd, int bodyOffset,
                         int titleStart, int titleEnd,
                         Map<Integer, ParsedSentence> parses, Map<List<Integer>, SentenceStance> stancesWithoutEnemies,
                         Map<List<Integer>, float[]> neural) {}

  /**
   * The stance pass over an article: probabilities by (sentence index, target start, target end), and its
   * {@link StancePassStates} ({@link NeuralStanceModel#classifyWithStates}; none for a MARKED model): each sentence's
   * mean state by its original text, as evidence quotes it (the model reads the normalised text), and each actor's mean
   * target state.
   */
  private record NeuralPass(Map<List<Integer>, float[]> probabilities, StancePassStates states) {
    static final NeuralPass NONE = new NeuralPass(Map.of(), StancePassStates.NONE);
  }

  /**
   * The neural model's probabilities for each (sentence index, target start, target end) that
   * {@link #assess} will ask about (each actor's first mention in a sentence), and the sentences' states, in one batched
   * call to this analyser's model: one encoder pass per (sentence, actor) pair with the marked model, one per sentence
   * serving every actor in it with the pooled one. At most {@link #MAX_PARSED_SENTENCES} sentences. {@code withStates}
   * false: no states (only the learned article decision and its measurement read them).
   */
  private NeuralPass neuralPass(String text, List<Sentence> sentences, int mainEnd, Map<String, List<Mention>> byActor, boolean withStates) {
    ModelPairs pairs = modelPairs(sentences, mainEnd, byActor);
    List<List<List<Integer>>> keys = pairs.keys();
    NeuralStanceModel m = loadedModel != null ? loadedModel : NeuralStanceModel.shared(model);
    NeuralStanceModel.Classified c = withStates ? m.classifyWithStates(pairs.texts(), pairs.targets())
        : new NeuralStanceModel.Classified(m.classify(pairs.texts(), pairs.targets()), List.of(), List.of());
    Map<List<Integer>, float[]> probabilities = new HashMap<>();
    Map<String, double[]> states = new LinkedHashMap<>();
    Map<String, double[]> actors = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      for (int k = 0; k < keys.get(i).size(); k++) probabilities.put(keys.get(i).get(k), c.probabilities().get(i).get(k));
      if (!withStates || c.sentenceStates().get(i) == null) continue;
      Sentence sentence = sentences.get(keys.get(i).get(0).get(0));
      states.put(text.substring(sentence.start(), sentence.end()), c.sentenceStates().get(i));
      for (int k = 0; k < keys.get(i).size(); k++) {
        double[] target = c.targetStates().get(i).get(k);
        if (target == null) continue;
        double[] sum = actors.computeIfAbsent(pairs.actors().get(i).get(k), id -> new double[target.length]);
        for (int d = 0; d < sum.length; d++) sum[d] += target[d];
      }
    }
    actors.values().forEach(org.stancewatch.nlp.neural.MiniLmEncoder::unit);
    return new NeuralPass(probabilities, new StancePassStates(states, actors));
  }

  /**
   * Per sentence the model sees (at most {@link #MAX_PARSED_SENTENCES}, main text only): its text, its targets (each
   * actor's first mention in it), their keys (sentence index, target start, target end) and actor ids.
   */
  private record ModelPairs(List<String> texts, List<List<NeuralStanceModel.Target>> targets, List<List<List<Integer>>> keys,
                            List<List<String>> actors) {}

  private static ModelPairs modelPairs(List<Sentence> sentences, int mainEnd, Map<String, List<Mention>> byActor) {
    ModelPairs pairs = new ModelPairs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int si = 0; si < sentences.size() && pairs.texts().size() < MAX_PARSED_SENTENCES; si++) {
      Sentence s = sentences.get(si);
      if (s.start() >= mainEnd) break;
      List<NeuralStanceModel.Target> ts = new ArrayList<>();
      List<List<Integer>> ks = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Map.Entry<String, List<Mention>> actor : byActor.entrySet()) {
        for (Mention m : actor.getValue()) {
          if (m.start() >= s.start() && m.end() <= s.end()) {
            ts.add(new NeuralStanceModel.Target(m.start() - s.start(), m.end() - s.start()));
            ks.add(List.of(si, m.start() - s.start(), m.end() - s.start()));
            ids.add(actor.getKey());
            break;
          }
        }
      }
      if (ts.isEmpty()) continue;
      pairs.texts().add(s.text());
      pairs.targets().add(ts);
      pairs.keys().add(ks);
      pairs.actors().add(ids);
    }
    return pairs;
  }

  /** How far into the body a title is looked for: headlines sit at the top. */
  private static final int TITLE_SEARCH_CHARS = 4000;

  /** Offset of the first body line (within the top) that is exactly the title, ignoring surrounding spaces; else -1. */
  static int lineOffset(String body, String title) {
    int limit = Math.min(body.length(), TITLE_SEARCH_CHARS);
    int start = 0;
    while (start < limit) {
      int end = body.indexOf('\n', start);
      if (end < 0) end = body.length();
      String line = body.substring(start, end);
      if (line.strip().equals(title)) return start + line.indexOf(title);
      start = end + 1;
    }
    return -1;
  }

  /** A title cut from the body's lead: ends with "…" and what precedes it starts a body line. */
  static boolean isCutLead(String title, String body) {
    if (!title.endsWith("\u2026") || title.length() < 2) return false;
    String head = title.substring(0, title.length() - 1).strip();
    int limit = Math.min(body.length(), TITLE_SEARCH_CHARS);
    for (int at = body.indexOf(head); at >= 0 && at < limit; at = body.indexOf(head, at + 1)) {
      if (at == 0 || body.charAt(at - 1) == '\n' || body.substring(body.lastIndexOf('\n', at - 1) + 1, at).isBlank()) return true;
    }
    return false;
  }

  private ActorResult assess(Context ctx, ActorResult actor, List<Mention> actorMentions, Set<String> enemies,
                             Map<String, List<Mention>> byActor, BiConsumer<String, FusedArticleStance.ActorEvidence> recorder) {
    String id = actor.actorId();
    List<Evidence> evidence = new ArrayList<>();
    List<FusedArticleStance.Sentence> fusedSentences = new ArrayList<>();
    int otherSentences = 0;
    double weighted = 0, weights = 0;
    double posMass = 0, negMass = 0;
    boolean ruleFired = false;
    for (int si = 0; si < ctx.sentences().size(); si++) {
      Sentence s = ctx.sentences().get(si);
      if (s.start() >= ctx.mainEnd()) break;
      Mention first = null;
      for (Mention m : actorMentions) if (m.start() >= s.start() && m.end() <= s.end()) { first = m; break; }
      if (first == null) {
        if (s.end() > ctx.bodyOffset()) otherSentences++;
        continue;
      }
      List<int[]> enemySpans = new ArrayList<>();
      for (String enemy : enemies) {
        for (Mention m : byActor.get(enemy)) {
          if (m.start() >= s.start() && m.end() <= s.end()) enemySpans.add(new int[] {m.start() - s.start(), m.end() - s.start()});
        }
      }
      int from = first.start() - s.start(), to = first.end() - s.start();
      boolean inTitle = ctx.titleEnd() > 0 && s.start() >= ctx.titleStart() && s.end() <= ctx.titleEnd();
      boolean outsideBody = s.end() <= ctx.bodyOffset();
      double w = inTitle ? TITLE_WEIGHT : 1;
      String original = ctx.text().substring(s.start(), s.end());
      int start = outsideBody ? -1 : s.start() - ctx.bodyOffset();
      int end = outsideBody ? -1 : s.end() - ctx.bodyOffset();
      float[] neural = ctx.neural().get(List.of(si, from, to));
      if (source == StanceSource.NEURAL) {
        if (neural == null) continue; // past the per-article sentence cap
        double sentenceScore = neural[2] - neural[0];
        weighted += w * sentenceScore;
        weights += w;
        if (sentenceScore > STRONG) posMass += w * sentenceScore;
        if (sentenceScore < -STRONG) negMass -= w * sentenceScore;
        evidence.add(new Evidence(original, start, end, round(sentenceScore),
            List.of(String.format(Locale.ROOT, "neural:%.2f/%.2f/%.2f", neural[0], neural[1], neural[2])), null));
        continue;
      }
      if (source == StanceSource.NOPARSE) {
        if (neural == null) continue; // past the per-article sentence cap
        // FUSED with the rules' score 0 and the speaker found from the words: no parse.
        List<SurfaceHolders.Holder> holders = SurfaceHolders.find(s.text());
        boolean speaker = holders.stream().anyMatch(h -> h.covers(from, to));
        FusedArticleStance.Sentence fs = new FusedArticleStance.Sentence(w, neural[0], neural[1], neural[2], 0, speaker,
            !speaker && !holders.isEmpty());
        fusedSentences.add(fs);
        if (fused.weight(fs) == 0) continue;
        List<String> cues = new ArrayList<>();
        if (speaker) cues.add("surface:speaker-is-source");
        cues.add(String.format(Locale.ROOT, "neural:%.2f/%.2f/%.2f", neural[0], neural[1], neural[2]));
        evidence.add(new Evidence(original, start, end, round(fused.score(fs)), cues, surfaceHolder(holders, from, to, s, ctx.mentions(), id)));
        continue;
      }
      if (!ctx.parses().containsKey(si) && ctx.parses().size() >= MAX_PARSED_SENTENCES) continue;
      ParsedSentence parsed = ctx.parses().computeIfAbsent(si, k -> DependencyParser.shared().parse(s.text()));
      SentenceStance st = enemySpans.isEmpty()
          ? ctx.stancesWithoutEnemies().computeIfAbsent(List.of(si, from, to),
              k -> SentenceStanceClassifier.shared().classify(parsed, from, to, List.of()))
          : SentenceStanceClassifier.shared().classify(parsed, from, to, enemySpans);
      // What a speaker says is not evidence about the speaker, unless a rule says something about them
      // (FUSED: weighted by FusedArticleStance.speakerWeight).
      boolean speakerOnly = st.targetIsSpeaker() && st.ruleScore() == 0;
      if (speakerOnly && source != StanceSource.FUSED) continue;
      String holder = holder(st, s, ctx.mentions(), id);
      if (st.ruleScore() != 0) ruleFired = true;
      if (source == StanceSource.FUSED) {
        // The fine-tuned model's probabilities with full weight, the rules added beside them (the hashed model's
        // probabilities where the per-article model cap was reached).
        double[] p = neural != null ? new double[] {neural[0], neural[1], neural[2]} : st.probabilities();
        FusedArticleStance.Sentence fs = new FusedArticleStance.Sentence(w, p[0], p[1], p[2], st.ruleScore(), speakerOnly,
            !st.targetIsSpeaker() && st.holder() != null);
        fusedSentences.add(fs);
        if (fused.weight(fs) == 0) continue;
        List<String> cues = new ArrayList<>(st.cues());
        cues.add(String.format(Locale.ROOT, "neural:%.2f/%.2f/%.2f", p[0], p[1], p[2]));
        evidence.add(new Evidence(original, start, end, round(fused.score(fs)), cues, holder));
        continue;
      }
      double modelScore = st.modelScore();
      double sentenceScore = Math.max(-1, Math.min(1, MODEL_SHARE * modelScore + st.ruleScore()));
      weighted += w * sentenceScore;
      weights += w;
      if (sentenceScore > STRONG) posMass += w * sentenceScore;
      if (sentenceScore < -STRONG) negMass -= w * sentenceScore;
      evidence.add(new Evidence(original, start, end, round(sentenceScore), st.cues(), holder));
    }
    evidence.sort((a, b) -> Double.compare(Math.abs(b.score()), Math.abs(a.score())));
    if (decidesFused()) {
      FusedArticleStance.ActorEvidence ev = new FusedArticleStance.ActorEvidence(fusedSentences, otherSentences);
      if (recorder != null) recorder.accept(id, ev);
      FusedArticleStance.Decision d = fused.decide(ev);
      return new ActorResult(id, actor.name(), actor.type(), actor.mentions(), d.stance(), round(d.score()), evidence);
    }
    // Shrink toward neutral when there is little evidence: one mild sentence is not a stance.
    double score = weights == 0 ? 0 : weighted / (weights + 1);
    Stance stance;
    if (Math.min(posMass, negMass) >= MIXED_MIN_MASS && Math.min(posMass, negMass) >= MIXED_BALANCE * Math.max(posMass, negMass)) {
      stance = Stance.MIXED;
    }
    else if (score > (ruleFired ? DECIDE : DECIDE_MODEL_ONLY)) stance = Stance.FAVOR;
    else if (score < -(ruleFired ? DECIDE : DECIDE_MODEL_ONLY)) stance = Stance.AGAINST;
    else stance = Stance.NEUTRAL;
    return new ActorResult(id, actor.name(), actor.type(), actor.mentions(), stance, round(Math.max(-1, Math.min(1, score))), evidence);
  }

  /**
   * NOPARSE: the speaker of the sentence as {@link #holder} names it, from the first surface holder phrase that is not
   * the target's own (the target speaking is recorded by the weight, not as a holder).
   */
  private static String surfaceHolder(List<SurfaceHolders.Holder> holders, int from, int to, Sentence s, List<Mention> mentions, String targetId) {
    for (SurfaceHolders.Holder h : holders) {
      if (h.covers(from, to)) continue;
      return speaker(s, h.start(), h.end(), s.text().substring(h.start(), h.end()), mentions, targetId);
    }
    return null;
  }

  /** The speaker of the sentence: the actor whose mention lies inside the holder phrase, else the phrase itself. */
  private static String holder(SentenceStance st, Sentence s, List<Mention> mentions, String targetId) {
    if (st.holder() == null) return null;
    return speaker(s, st.holderStart(), st.holderEnd(), st.holder(), mentions, targetId);
  }

  /**
   * The actor (not the target) whose mention lies inside the holder span [start, end) of the sentence, else {@code
   * phrase}. Of several, the longest is the phrase's head: in "Iraqi Vice President Nouri al-Maliki" the speaker is
   * Maliki, not Iraq, though "Iraqi" names the state too.
   */
  private static String speaker(Sentence s, int start, int end, String phrase, List<Mention> mentions, String targetId) {
    int hs = s.start() + start, he = s.start() + end;
    Mention head = null;
    for (Mention m : mentions) {
      boolean inside = m.start() >= hs && m.end() <= he && !m.actorId().equals(targetId);
      if (inside && (head == null || m.end() - m.start() > head.end() - head.start())) head = m;
    }
    return head == null ? phrase : head.actorId();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
