package org.stancewatch.nlp.parse;

import edu.emory.clir.clearnlp.component.AbstractComponent;
import edu.emory.clir.clearnlp.component.mode.dep.DEPConfiguration;
import edu.emory.clir.clearnlp.component.utils.GlobalLexica;
import edu.emory.clir.clearnlp.component.utils.NLPUtils;
import edu.emory.clir.clearnlp.dependency.DEPNode;
import edu.emory.clir.clearnlp.dependency.DEPTree;
import edu.emory.clir.clearnlp.tokenization.AbstractTokenizer;
import edu.emory.clir.clearnlp.util.lang.TLanguage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClearNLP 3.2 tokenizer, POS tagger, morphological analyser and dependency parser. The models take
 * ~4 GB to load and ~1 GB afterwards, so they are loaded once per JVM, lazily, on first use of
 * {@link #shared()}; the components are stateless per call and safe to share across threads.
 */
public final class DependencyParser {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyParser.class);
  private static final String LEXICA = "brown-rcv1.clean.tokenized-CoNLL03.txt-c1000-freq1.txt.xz";
  /** Longer sentences are parsed as a prefix: parsing cost grows with length and offsets stay exact. */
  private static final int MAX_TOKENS = 120;

  private static volatile DependencyParser shared;
  private static volatile long loadMillis = -1;

  private final AbstractTokenizer tokenizer;
  private final AbstractComponent[] pipeline;

  private DependencyParser() {
    GlobalLexica.initDistributionalSemanticsWords(List.of(LEXICA));
    tokenizer = NLPUtils.getTokenizer(TLanguage.ENGLISH);
    pipeline = new AbstractComponent[] {
        NLPUtils.getPOSTagger(TLanguage.ENGLISH, "general-en-pos.xz"),
        NLPUtils.getMPAnalyzer(TLanguage.ENGLISH),
        NLPUtils.getDEPParser(TLanguage.ENGLISH, "general-en-dep.xz", new DEPConfiguration("root"))
    };
  }

  /**
   * Below this maximum heap ClearNLP's models do not load (they need about 4 GB while loading, ~1.1 GB after): fail at
   * once with a message rather than minutes later with an OutOfMemoryError, now that the default heap is sized for the
   * default stance source (NOPARSE), which never loads ClearNLP.
   */
  public static final long MIN_HEAP_BYTES = 3L << 30;

  /** Throws, naming the heap and the fix, when this JVM's maximum heap cannot load the models. */
  public static void requireHeap() {
    requireHeap(Runtime.getRuntime().maxMemory());
  }

  /** Throws, naming the heap and the fix, when a JVM with this maximum heap cannot load the models. */
  static void requireHeap(long maxHeapBytes) {
    if (maxHeapBytes < MIN_HEAP_BYTES) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT,
          "the stance sources fused and classic parse with ClearNLP, whose models need about 4 GB of heap to load, but this JVM's "
              + "maximum heap is %d MB. Raise it (./stancewatch does so itself for --stance fused|classic or "
              + "STANCEWATCH_STANCE=fused|classic; otherwise set STANCEWATCH_JAVA_OPTS=\"-Xmx6g -XX:+UseParallelGC\") "
              + "or use the default stance source, noparse, which needs no parse",
          maxHeapBytes >> 20));
    }
  }

  /** The JVM-wide parser, loaded on first call (tens of seconds; needs -Xmx4g, see {@link #MIN_HEAP_BYTES}). */
  public static DependencyParser shared() {
    DependencyParser p = shared;
    if (p == null) {
      synchronized (DependencyParser.class) {
        p = shared;
        if (p == null) {
          requireHeap();
          long t0 = System.nanoTime();
          LOG.info("Loading ClearNLP models (needs about 4 GB heap)");
          p = new DependencyParser();
          loadMillis = (System.nanoTime() - t0) / 1_000_000;
          LOG.info("ClearNLP models loaded in {} ms", loadMillis);
          shared = p;
        }
      }
    }
    return p;
  }

  /** Milliseconds the shared models took to load, or -1 if not loaded yet. */
  public static long loadMillis() { return loadMillis; }

  /** Tokens of {@code text} with character offsets, without tagging or parsing. */
  public List<int[]> tokenOffsets(String text) {
    List<String> forms = tokenizer.tokenize(text);
    return align(text, forms);
  }

  /** Tokenises, tags, lemmatises and parses one sentence. */
  public ParsedSentence parse(String sentence) {
    List<String> forms = tokenizer.tokenize(sentence);
    if (forms.size() > MAX_TOKENS) forms = forms.subList(0, MAX_TOKENS);
    List<int[]> spans = align(sentence, forms);
    List<Token> tokens = new ArrayList<>(forms.size());
    if (forms.isEmpty()) return new ParsedSentence(sentence, tokens);
    DEPTree tree = new DEPTree(forms);
    for (AbstractComponent c : pipeline) c.process(tree);
    for (int i = 1; i < tree.size(); i++) {
      DEPNode n = tree.get(i);
      DEPNode h = n.getHead();
      int head = h == null || h.getID() == 0 ? -1 : h.getID() - 1;
      int[] span = spans.get(i - 1);
      String lemma = n.getLemma() == null ? n.getWordForm().toLowerCase() : n.getLemma();
      tokens.add(new Token(i - 1, n.getWordForm(), lemma, n.getPOSTag(), String.valueOf(n.getLabel()), head, span[0], span[1]));
    }
    return new ParsedSentence(sentence, tokens);
  }

  /**
   * Maps tokens back to the text. The tokenizer may split ("did|n't") or rewrite a token (quotes,
   * brackets), so each token is searched from the cursor; a rewritten token takes the
   * non-space run at the cursor, which keeps later tokens aligned.
   */
  static List<int[]> align(String text, List<String> forms) {
    List<int[]> out = new ArrayList<>(forms.size());
    int cursor = 0;
    for (String form : forms) {
      while (cursor < text.length() && Character.isWhitespace(text.charAt(cursor))) cursor++;
      int at = form.isEmpty() ? -1 : text.indexOf(form, cursor);
      if (at >= 0 && at - cursor <= 3) {
        out.add(new int[] {at, at + form.length()});
        cursor = at + form.length();
      } else {
        int end = Math.min(text.length(), cursor + Math.max(1, form.length()));
        for (int i = cursor; i < end; i++) {
          if (Character.isWhitespace(text.charAt(i))) { end = i; break; }
        }
        if (end <= cursor) end = Math.min(text.length(), cursor + 1);
        out.add(new int[] {cursor, end});
        cursor = end;
      }
    }
    return out;
  }
}
