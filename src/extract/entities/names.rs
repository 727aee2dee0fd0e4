//! Detection of names the knowledge base may not know: a sentence's tokens, runs of
//! capitalised words ("chunks"), titles and roles split off, and each remaining name typed
//! by its cue words ("Commission", "Lake …") and its context ("in Palu", ", a professor at").

use rustc_hash::FxHashMap as HashMap;

use super::words::NameWords;
use crate::kb::EntityKind;
use crate::text::{ASCII_ALNUM, Span, is_word_char};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    /// Capitalised word ("Berg", "Jae-myung").
    Cap,
    /// Every letter a capital, two or more letters ("IAEA", "LILONGWE").
    Upper,
    Lower,
    /// Letters of a script without case (Han, Hangul, Arabic …).
    Script,
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub span: Span,
    pub shape: Shape,
    /// Followed by a possessive "'s" (not part of the token).
    pub possessive: bool,
    /// Can be part of a name (see `Scan::is_namey`), decided once per token.
    pub namey: bool,
}

/// Letters without case: the scripts whose names stand in parentheses after a romanization.
fn is_script(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

/// The tokens of `span`: words (inner hyphens and apostrophes join, a possessive "'s" does
/// not), numbers and single punctuation characters.
pub(super) fn tokenize(text: &str, span: Span, out: &mut Vec<Tok>) {
    let s = span.slice(text);
    let bytes = s.as_bytes();
    let base = span.start;
    let mut i = 0;
    while i < s.len() {
        // ASCII white space and punctuation without decoding a char.
        let b = bytes[i];
        if b < 0x80 && !ASCII_ALNUM[usize::from(b)] {
            if !char::from(b).is_whitespace() {
                out.push(Tok {
                    span: Span::new(base + i, base + i + 1),
                    shape: Shape::Punct,
                    possessive: false,
                    namey: false,
                });
            }
            i += 1;
            continue;
        }
        let Some(c) = char_at(s, i) else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if !is_word_char(c) {
            out.push(Tok {
                span: Span::new(base + i, base + i + c.len_utf8()),
                shape: Shape::Punct,
                possessive: false,
                namey: false,
            });
            i += c.len_utf8();
            continue;
        }
        let script = is_script(c);
        let mut end = i + c.len_utf8();
        let mut possessive = false;
        loop {
            // The word's ASCII letters and digits in a tight loop: most of the text.
            if !script {
                while end < bytes.len() && ASCII_ALNUM[usize::from(bytes[end])] {
                    end += 1;
                }
            }
            // Any other ASCII byte but a hyphen or an apostrophe ends the word (and any ASCII
            // byte ends a word in a script without case), without decoding a char.
            if bytes.get(end).is_none_or(|&d| d < 0x80 && (script || (d != b'-' && d != b'\''))) {
                break;
            }
            let Some(d) = char_at(s, end) else { break };
            if is_word_char(d) {
                if is_script(d) != script {
                    break;
                }
                end += d.len_utf8();
                continue;
            }
            if script || !matches!(d, '-' | '‑' | '\'' | '’') {
                break;
            }
            let after = &s[end + d.len_utf8()..];
            if matches!(d, '\'' | '’') && after.starts_with('s') && !after[1..].chars().next().is_some_and(is_word_char) {
                possessive = true;
                break;
            }
            if after.chars().next().is_some_and(|n| is_word_char(n) && !is_script(n)) {
                end += d.len_utf8();
                continue;
            }
            break;
        }
        let word = &s[i..end];
        let shape = if c.is_ascii_digit() || c.is_numeric() {
            Shape::Number
        } else if script {
            Shape::Script
        } else if c.is_uppercase() {
            let mut letters = word.chars().filter(|c| c.is_alphabetic());
            let n = word.chars().filter(|c| c.is_alphabetic()).count();
            if n >= 2 && letters.all(char::is_uppercase) {
                Shape::Upper
            } else {
                Shape::Cap
            }
        } else {
            Shape::Lower
        };
        out.push(Tok {
            span: Span::new(base + i, base + end),
            shape,
            possessive,
            namey: false,
        });
        i = end;
    }
}

/// The character at byte `i` of `s`.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    crate::text::char_at(s, i).map(|(c, _)| c)
}

/// A name found in text, before it is linked to an entity.
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub span: Span,
    /// The type its cue words or context give; `None` for a bare word that can only link.
    pub kind: Option<EntityKind>,
    /// The name's words (particles included), for matching short forms.
    pub words: Vec<Span>,
    pub acronym: bool,
    /// A one-word name introduced by an appositive ("said Hasni, a farmer from …"): a
    /// mononym's full introduction rather than a short form.
    pub introduced: bool,
    pub sentence: usize,
    pub headline: bool,
}

/// A spelling in parentheses that names the same entity as the name before it: an acronym
/// ("(MEC)") or the name in its own script ("(이재명)").
#[derive(Clone, Copy, Debug)]
pub(super) struct Alias {
    pub span: Span,
    pub target: Span,
    pub acronym: bool,
    pub sentence: usize,
}

#[derive(Default, Debug)]
pub(super) struct Detected {
    pub cands: Vec<Cand>,
    /// Spans whose knowledge-base matches are not mentions (inside an event's name, a title).
    pub blocked: Vec<Span>,
    pub aliases: Vec<Alias>,
    /// Acronyms the article defines as short for a common noun phrase ("(GWP)").
    pub common_acronyms: Vec<Span>,
}

pub(super) struct Scan<'a> {
    pub text: &'a str,
    pub w: &'a NameWords,
    /// Knowledge-base matches (start-sorted), demonyms included.
    pub kb: &'a [Span],
    /// Spans already handled (the dateline's capitalised place).
    pub skip: &'a [Span],
    /// Whether a string is a knowledge-base spelling (for plural demonyms: "South Koreans").
    pub kb_spelling: &'a (dyn Fn(&str) -> bool + Sync),
}

struct Sent<'a> {
    toks: &'a [Tok],
    /// Sentence openers the article also writes in lowercase (see [`Openers`]).
    openers: &'a Openers,
    index: usize,
    headline: bool,
    /// Index of the first word token.
    first_word: usize,
    /// Written in capitals ("PUTIN ARRIVES IN CHINA"): its words are not acronyms.
    shouting: bool,
}

impl Scan<'_> {
    fn t(&self, tok: &Tok) -> &str {
        tok.span.slice(self.text)
    }

    fn kb_exact(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.start < span.start);
        self.kb.get(i).is_some_and(|s| *s == span)
    }

    fn kb_inside(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.start < span.start);
        self.kb.get(i).is_some_and(|s| s.end <= span.end)
    }

    fn kb_overlaps(&self, span: Span) -> bool {
        let i = self.kb.partition_point(|s| s.end <= span.start);
        self.kb.get(i).is_some_and(|s| s.start < span.end)
    }

    /// A token that can be part of a name.
    fn namey(&self, tok: &Tok) -> bool {
        tok.namey
    }

    fn is_namey(&self, tok: &Tok) -> bool {
        if !matches!(tok.shape, Shape::Cap | Shape::Upper) {
            return false;
        }
        let t = self.t(tok);
        // "H20", "A320": a model's or product's code, not a name word.
        if tok.shape == Shape::Cap && t.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        !self.w.calendar.contains(t)
            && !self.w.never_names.contains(t)
            && !t
                .rsplit_once('-')
                .is_some_and(|(_, suffix)| self.w.compound_suffixes.contains(suffix))
            && !self.skip.iter().any(|s| s.overlaps(tok.span))
    }

    /// "al-Sisi": a lowercase particle joined by a hyphen to a capitalised name.
    fn hyphen_particle(&self, tok: &Tok) -> bool {
        let t = self.t(tok);
        tok.shape == Shape::Lower
            && t.split_once(['-', '‑'])
                .is_some_and(|(p, rest)| self.w.hyphen_particles.contains(p) && rest.chars().next().is_some_and(char::is_uppercase))
    }

    fn is_cue(&self, word: &str) -> bool {
        self.w.org_cues.contains(word)
            || self.w.media_cues.contains(word)
            || self.w.place_last.contains(word)
            || self.w.title_words.contains(word)
    }
}

/// Scans every sentence for names.
/// Name candidates of every sentence; with `parallel`, the two halves of the sentences are
/// read on two cores (each sentence's candidates depend on that sentence only).
pub(super) fn detect(scan: &Scan<'_>, sentences: &[(Span, bool)], parallel: bool) -> Detected {
    // Every sentence's tokens first: the sentences' first words decide which words of the
    // text the lowercase test has to look at.
    let mut all = Vec::with_capacity(scan.text.len() / 5);
    let mut starts = Vec::with_capacity(sentences.len() + 1);
    for &(span, _) in sentences {
        starts.push(all.len());
        tokenize(scan.text, span, &mut all);
    }
    starts.push(all.len());
    for t in all.iter_mut() {
        t.namey = scan.is_namey(t);
    }
    let first_words = starts.windows(2).filter_map(|w| {
        let toks = &all[w[0]..w[1]];
        toks.iter().find(|t| t.shape != Shape::Punct).filter(|t| t.shape == Shape::Cap)
    });
    let openers = Openers::new(scan.text, first_words.map(|t| scan.t(t)));
    let part = |range: std::ops::Range<usize>| {
        let mut out = Detected::default();
        for index in range {
            detect_in(
                scan,
                &all[starts[index]..starts[index + 1]],
                &openers,
                index,
                sentences[index].1,
                &mut out,
            );
        }
        out
    };
    let n = sentences.len();
    if !parallel || n < 2 {
        return part(0..n);
    }
    let (mut out, second) = rayon::join(|| part(0..n / 2), || part(n / 2..n));
    out.cands.extend(second.cands);
    out.blocked.extend(second.blocked);
    out.aliases.extend(second.aliases);
    out.common_acronyms.extend(second.common_acronyms);
    out
}

/// The name candidates of one sentence, `toks` its tokens.
fn detect_in(scan: &Scan<'_>, toks: &[Tok], openers: &Openers, index: usize, headline: bool, out: &mut Detected) {
    let first_word = toks.iter().position(|t| t.shape != Shape::Punct).unwrap_or(0);
    let sent = Sent {
        toks,
        openers,
        index,
        headline: headline || title_case(scan, toks),
        first_word,
        shouting: {
            let (upper, lower) = toks.iter().fold((0, 0), |(u, l), t| match t.shape {
                Shape::Upper => (u + 1, l),
                Shape::Lower => (u, l + 1),
                _ => (u, l),
            });
            upper >= 3 && upper > lower
        },
    };
    let mut i = 0;
    while i < toks.len() {
        if !scan.namey(&toks[i]) {
            i += 1;
            continue;
        }
        let end = chunk_end(scan, toks, i);
        // "de Vries told reporters": a surname's leading particles.
        let mut start = i;
        while start > 0
            && start + 2 > i
            && toks[start - 1].shape == Shape::Lower
            && scan.w.leading_particles.contains(scan.t(&toks[start - 1]))
            && !scan.text[toks[start - 1].span.end..toks[start].span.start].contains('\n')
        {
            start -= 1;
        }
        if start < i
            && start > 0
            && (scan.namey(&toks[start - 1])
                || toks[start - 1].shape == Shape::Lower && scan.w.leading_particles.contains(scan.t(&toks[start - 1])))
        {
            start = i;
        }
        analyse_chunk(scan, &sent, start, end, out);
        i = end.max(i + 1);
    }
}

/// A line in Title Case ("Putin Arrives in China on a Mission"): every lowercase word a
/// small function word, five or more capitalised ones (a signature line has fewer). Names in it only link.
fn title_case(scan: &Scan<'_>, toks: &[Tok]) -> bool {
    let mut cap = 0;
    for t in toks {
        match t.shape {
            Shape::Cap if !scan.w.never_names.contains(scan.t(t)) && !scan.w.calendar.contains(scan.t(t)) => cap += 1,
            Shape::Lower if !scan.w.title_case_small_words.contains(scan.t(t)) => return false,
            _ => {}
        }
    }
    cap >= 5
}

/// The end (exclusive) of the run of name words starting at `start`.
fn chunk_end(scan: &Scan<'_>, toks: &[Tok], start: usize) -> usize {
    let text = scan.text;
    let adjacent = |a: &Tok, b: &Tok| !text[a.span.end..b.span.start].contains('\n');
    let mut end = start + 1;
    let mut of_at: Option<usize> = None;
    let mut first_comma: Option<usize> = None;
    let mut saw_and_after_comma = false;
    loop {
        let prev = &toks[end - 1];
        if prev.possessive || end >= toks.len() {
            break;
        }
        let next = &toks[end];
        if !adjacent(prev, next) {
            break;
        }
        let after = toks.get(end + 1);
        let after_namey = after.is_some_and(|t| scan.namey(t) || scan.hyphen_particle(t));
        let nt = scan.t(next);
        if scan.namey(next) || scan.hyphen_particle(next) {
            end += 1;
            continue;
        }
        // "Co." and "Mr." keep their period; the run goes on after a title's.
        if nt == "." && next.span.start == prev.span.end {
            let pt = scan.t(prev);
            // An initial: "George W. Bush", "J. K. Rowling".
            let initial = pt.chars().count() == 1 && pt.chars().all(char::is_uppercase);
            // A dotted legal suffix ends the name: "Andes Cobre S.A.", "Rio Verde N.V.".
            if initial && dotted_suffix(scan, toks, end - 1) {
                end += 3;
                break;
            }
            if initial && after.is_some_and(|t| scan.namey(t)) {
                end += 1;
                continue;
            }
            if scan.w.honorifics.contains(pt) || scan.w.title_words.contains(pt) {
                if after.is_some_and(|t| scan.namey(t)) {
                    end += 1;
                    continue;
                }
            } else if scan.w.abbreviated_cues.contains(pt) {
                end += 1;
                break;
            }
            break;
        }
        // Particles: "da Silva", "von der Leyen".
        if next.shape == Shape::Lower && scan.w.particles.contains(nt) && scan.namey(prev) && !scan.is_cue(scan.t(prev)) {
            let mut k = end;
            while k < toks.len() && k < end + 3 && toks[k].shape == Shape::Lower && scan.w.particles.contains(scan.t(&toks[k])) {
                k += 1;
            }
            if toks.get(k).is_some_and(|t| scan.namey(t)) {
                end = k + 1;
                continue;
            }
        }
        if next.shape == Shape::Lower && after_namey {
            if matches!(nt, "of" | "for" | "on") && scan.is_cue(scan.t(prev)) {
                of_at.get_or_insert(end);
                end += 2;
                continue;
            }
            if nt == "and" && (of_at.is_some() || first_comma.is_some()) {
                saw_and_after_comma |= first_comma.is_some();
                end += 2;
                continue;
            }
        }
        // ("Trading on the Dar es Salaam Stock Exchange" opens a sentence: "on the" is no
        // part of a name.)
        if matches!(nt, "of" | "for")
            && scan.is_cue(scan.t(prev))
            && after.is_some_and(|t| scan.t(t) == "the")
            && toks.get(end + 2).is_some_and(|t| scan.namey(t))
        {
            of_at.get_or_insert(end);
            end += 3;
            continue;
        }
        if nt == "&" && after_namey {
            end += 2;
            continue;
        }
        // "Micron Technology, Inc.": a legal suffix after a comma ends the name.
        if nt == ","
            && let Some(suffix) = after.filter(|t| scan.w.legal_suffixes.contains(scan.t(t)))
        {
            end += 2;
            if toks.get(end).is_some_and(|d| scan.t(d) == "." && d.span.start == suffix.span.end) {
                end += 1;
            }
            break;
        }
        if nt == "," && after_namey && toks.get(end + 2).is_some_and(|t| scan.t(t) != ",") {
            first_comma.get_or_insert(end);
            end += 2;
            continue;
        }
        break;
    }
    // A list joined by commas belongs to one name only in "Ministry of Economy, Trade and
    // Industry" or "Meteorology, Climatology and Geophysics Agency".
    if let Some(c) = first_comma {
        let last = scan.t(&toks[end - 1]);
        let ends_in_cue = scan.w.org_cues.contains(last);
        // "American Airlines, Delta Air Lines and Southwest Airlines": items that end in a cue
        // of their own are a list of names.
        // So are items that are a known name on their own ("American, Delta and Skyline Air").
        let item_ends_in_cue = scan.is_cue(scan.t(&toks[c - 1])) || scan.kb_exact(Span::new(toks[start].span.start, toks[c - 1].span.end));
        if !(saw_and_after_comma && (of_at.is_some_and(|o| o < c) || ends_in_cue)) || item_ends_in_cue {
            end = c;
        }
    }
    end
}

/// "S.A.", "N.V.": two initials with periods at `i` that spell an organization cue.
fn dotted_suffix(scan: &Scan<'_>, toks: &[Tok], i: usize) -> bool {
    let [x, d1, y, d2] = match toks.get(i..i + 4) {
        Some([x, d1, y, d2]) => [x, d1, y, d2],
        _ => return false,
    };
    let one = |t: &Tok| t.span.len() == 1 && scan.t(t).chars().all(|c| c.is_ascii_uppercase());
    let tight = x.span.end == d1.span.start && d1.span.end == y.span.start && y.span.end == d2.span.start;
    tight && one(x) && one(y) && scan.t(d1) == "." && scan.t(d2) == "." && scan.w.org_cues.contains(&format!("{}{}", scan.t(x), scan.t(y)))
}

fn analyse_chunk(scan: &Scan<'_>, sent: &Sent<'_>, mut a: usize, mut b: usize, out: &mut Detected) {
    let w = scan.w;
    let toks = sent.toks;
    // The tail of an event's, law's or index's name after "for" or "of" ("Consumer Price Index
    // for All Urban Consumers"): no entity of its own.
    let mut k = a;
    while k > 0 && w.never_names.contains(scan.t(&toks[k - 1])) {
        k -= 1;
    }
    if k >= 2 && matches!(scan.t(&toks[k - 1]), "for" | "of" | "on") && w.non_entity_last.contains(scan.t(&toks[k - 2])) {
        return;
    }
    // Leading function words and a sentence-initial common word are not part of the name.
    while a < b {
        let t = scan.t(&toks[a]);
        let initial = a == sent.first_word || (a > 0 && is_opening(scan.t(&toks[a - 1])) && a <= sent.first_word + 1);
        let common = initial
            && toks[a].shape == Shape::Cap
            && !scan.kb_overlaps(toks[a].span)
            && !w.particles.contains(&lower(t, &mut [0; 32]))
            && sent.openers.is_common(t);
        // "Neighbouring Patuakhali": a sentence-initial qualifier before a name.
        let qualifier = initial && a + 1 < b && toks[a + 1].namey && w.leading_adjectives.contains(t);
        // "Club Aurora", "Real Cordeiro": a club's first word, even where the article also
        // writes it in lowercase.
        let common = common && !(a + 1 < b && toks[a + 1].shape == Shape::Cap && toks[a + 1].namey && w.org_first.contains(t));
        // "Additionally, …", "Separately, …": a sentence adverb, not a name.
        let adverb = initial
            && a + 1 == b
            && t.len() >= 8
            && ["ally", "ately", "ively", "ingly", "ntly"].iter().any(|e| t.ends_with(e))
            && toks.get(b).is_some_and(|x| scan.t(x) == ",");
        if w.never_names.contains(t) || w.leading_drop.contains(t) || common || qualifier || adverb {
            a += 1;
        } else {
            break;
        }
    }
    while b > a && !(scan.namey(&toks[b - 1]) || scan.t(&toks[b - 1]) == "." || scan.hyphen_particle(&toks[b - 1])) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    // Titles and roles: "Foreign Minister Abbas Araghchi", "Bank of Japan Governor Kazuo Ueda".
    let last = word_text(scan, toks, b);
    let ends_in_cue = w.org_cues.contains(last) || w.media_cues.contains(last) || w.place_last.contains(last);
    let mut person = false;
    let mut honorific = false;
    // A name ending in a cue keeps a title only where the title opens the run and two name
    // words follow ("Dr. Grace Capital", "Minister Peter Holdings"): given name and surname.
    let title = last_title(scan, toks, a, b).filter(|&(ts, te)| {
        if !ends_in_cue {
            return true;
        }
        let mut ps = ts;
        while ps > a && w.title_modifiers.contains(scan.t(&toks[ps - 1])) {
            ps -= 1;
        }
        let rest: Vec<&Tok> = toks[te..b].iter().filter(|t| t.shape != Shape::Punct).collect();
        ps == a && rest.len() == 2 && rest.iter().all(|t| t.shape == Shape::Cap) && !scan.is_cue(scan.t(rest[0]))
    });
    if let Some((ts, te)) = title {
        let mut ps = ts;
        while ps > a && w.title_modifiers.contains(scan.t(&toks[ps - 1])) {
            ps -= 1;
        }
        // A second title before it ("Africa CDC Director General Dr Jean Kaseya") is no part of
        // the name in front.
        let mut name_end = ps;
        while name_end > a
            && (w.title_words.contains(scan.t(&toks[name_end - 1])) || w.title_modifiers.contains(scan.t(&toks[name_end - 1])))
        {
            name_end -= 1;
        }
        if name_end > a {
            analyse_region(scan, sent, a, name_end, false, out);
        }
        out.blocked.push(Span::new(toks[name_end.max(a)].span.start, toks[te - 1].span.end));
        honorific = w.honorifics.contains(scan.t(&toks[te - 1]));
        person = true;
        a = te;
        while a < b && scan.t(&toks[a]) == "." {
            a += 1;
        }
    }
    if a < b {
        let _ = honorific;
        analyse_region(scan, sent, a, b, person, out);
    }
}

fn word_text<'t>(scan: &Scan<'t>, toks: &[Tok], b: usize) -> &'t str {
    let mut i = b;
    while i > 0 {
        i -= 1;
        if toks[i].shape != Shape::Punct {
            return toks[i].span.slice(scan.text);
        }
    }
    ""
}

fn is_opening(t: &str) -> bool {
    matches!(t, "\"" | "“" | "'" | "‘" | "(" | "[" | "«" | "—" | "–" | "-" | "*" | "•" | "#")
}

/// The capitalised words that open a sentence and that the article also writes in lowercase
/// somewhere ("Turnout" … "turnout"): common words, not names. Only a sentence's first word is
/// ever asked about, so only those are looked for among the text's words (a set of every
/// lowercase word of the text cost a hash insert per word).
pub(super) struct Openers {
    /// Each opener, lowercased, and whether the text writes it so.
    seen: HashMap<String, bool>,
}

impl Openers {
    fn new<'t>(text: &str, first_words: impl Iterator<Item = &'t str>) -> Openers {
        let mut seen: HashMap<String, bool> = HashMap::default();
        // Bit `256 * b0 + b1` for an opener starting with bytes `b0 b1`: most words of the
        // text are ruled out without hashing.
        let mut two = vec![0u64; 1024];
        for w in first_words {
            let lower = w.to_lowercase();
            let bit = two_bytes(lower.as_bytes());
            two[bit / 64] |= 1 << (bit % 64);
            seen.entry(lower).or_insert(false);
        }
        if seen.is_empty() {
            return Openers { seen };
        }
        // Words are runs of letters, digits and hyphens; a table decides for ASCII bytes (this
        // runs over every byte of the text), chars are decoded otherwise.
        const WORD: [bool; 256] = {
            let mut t = [false; 256];
            let mut b = 0;
            while b < 128 {
                t[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'-';
                b += 1;
            }
            t
        };
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let start = i;
            loop {
                while i < n && WORD[usize::from(bytes[i])] {
                    i += 1;
                }
                if i < n
                    && bytes[i] >= 0x80
                    && let Some(c) = text[i..].chars().next()
                    && c.is_alphanumeric()
                {
                    i += c.len_utf8();
                    continue;
                }
                break;
            }
            if i == start {
                // Not a word character: step over it.
                i += if bytes[i] < 0x80 {
                    1
                } else {
                    text[i..].chars().next().map_or(1, char::len_utf8)
                };
                continue;
            }
            let w = &text[start..i];
            let bit = two_bytes(w.as_bytes());
            if two[bit / 64] & (1 << (bit % 64)) != 0
                && w.chars().next().is_some_and(char::is_lowercase)
                && let Some(found) = seen.get_mut(w)
            {
                *found = true;
            }
        }
        Openers { seen }
    }

    /// Whether `word`, a sentence's first word, is a common word the article writes in lowercase.
    fn is_common(&self, word: &str) -> bool {
        let mut buf = [0; 32];
        let lower = lower(word, &mut buf);
        debug_assert!(self.seen.contains_key(&*lower), "only sentence openers are asked about: {word}");
        self.seen.get(&*lower).copied().unwrap_or(false)
    }
}

/// `word.to_lowercase()`, in `buf` for a short ASCII word (no allocation on the common path).
fn lower<'b>(word: &str, buf: &'b mut [u8; 32]) -> std::borrow::Cow<'b, str> {
    match crate::text::ascii_lowercase_in(word, buf) {
        Some(l) => std::borrow::Cow::Borrowed(l),
        None => std::borrow::Cow::Owned(word.to_lowercase()),
    }
}

/// The bit of a word's first two bytes in a 65,536-bit table.
fn two_bytes(b: &[u8]) -> usize {
    usize::from(b.first().copied().unwrap_or(0)) * 256 + usize::from(b.get(1).copied().unwrap_or(0))
}

/// The title that ends last in `[a, b)` and is followed by a name word, as a token range.
fn last_title(scan: &Scan<'_>, toks: &[Tok], a: usize, b: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for k in a..b {
        let Some(titles) = scan.w.titles_by_first.get(scan.t(&toks[k])) else {
            continue;
        };
        for title in titles {
            let mut j = k;
            let mut ok = true;
            for word in title {
                while j < b && scan.t(&toks[j]) == "." {
                    j += 1;
                }
                if j < b && scan.t(&toks[j]) == word {
                    j += 1;
                } else {
                    ok = false;
                    break;
                }
            }
            if !ok {
                continue;
            }
            let mut n = j;
            while n < b && scan.t(&toks[n]) == "." {
                n += 1;
            }
            let followed = n < b && scan.namey(&toks[n]) && !scan.w.title_words.contains(scan.t(&toks[n]));
            if followed && best.is_none_or(|(_, e)| j > e) {
                best = Some((k, j));
            }
            break;
        }
    }
    best
}

fn analyse_region(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize, title_person: bool, out: &mut Detected) {
    let w = scan.w;
    let toks = sent.toks;
    let span = Span::new(toks[a].span.start, toks[b - 1].span.end);
    // Only a region that becomes a candidate needs its words (most return early).
    let words = || -> Vec<Span> {
        toks[a..b]
            .iter()
            .filter(|t| {
                t.shape != Shape::Punct && !(t.shape == Shape::Lower && !scan.hyphen_particle(t) && !w.particles.contains(scan.t(t)))
            })
            .map(|t| t.span)
            .collect()
    };
    let name_words: Vec<&Tok> = toks[a..b].iter().filter(|t| scan.namey(t)).collect();
    if name_words.is_empty() {
        return;
    }
    // "gross written premiums (GWP)", "property & casualty (P&C)": the short form of a common
    // noun phrase, no organization, here or anywhere else in the article.
    if abbreviates_common_phrase(scan, toks, sent.first_word, a, b) {
        out.common_acronyms.push(span);
        return;
    }
    let first = scan.t(name_words[0]);
    let last = scan.t(name_words[name_words.len() - 1]);
    // "Chief Financial", "Chief Executive": a title cut from its name, not a person.
    let title_like = |t: &&Tok| w.title_words.contains(scan.t(t)) || w.title_modifiers.contains(scan.t(t));
    if name_words.len() >= 2 && name_words.iter().all(title_like) && name_words.iter().any(|t| w.title_words.contains(scan.t(t))) {
        return;
    }
    // An acronym or a name in its own script in parentheses right after: the same entity.
    alias_after(scan, sent, b, span, out);
    // An event, law or plan: no entity of its own (places inside it still count).
    if w.non_entity_last.contains(last) && name_words.len() >= 2 {
        return;
    }

    let kb_exact = scan.kb_exact(span);
    let of_at = toks[a..b]
        .iter()
        .position(|t| matches!(scan.t(t), "of" | "for" | "on"))
        .map(|p| a + p);
    let has_amp = toks[a..b].iter().any(|t| scan.t(t) == "&");
    let multi = name_words.len() >= 2;
    let cue_kind = |word: &str| {
        if w.org_cues.contains(word) || w.media_cues.contains(word) {
            Some(EntityKind::Organization)
        } else if w.place_last.contains(word) {
            Some(EntityKind::Place)
        } else {
            None
        }
    };
    let mut kind = None;
    if b >= a + 4 && dotted_suffix(scan, toks, b - 4) {
        kind = Some(EntityKind::Organization);
    } else if multi {
        if has_amp {
            kind = Some(EntityKind::Organization);
        } else if let Some(o) = of_at {
            kind = cue_kind(scan.t(&toks[o - 1]));
        }
        kind = kind.or_else(|| cue_kind(last.trim_end_matches('.')));
        if kind.is_none() && w.place_first.contains(first) {
            kind = Some(EntityKind::Place);
        }
        if kind.is_none() && w.org_first.contains(first) {
            kind = Some(EntityKind::Organization);
        }
    }
    let Evidence {
        person: ev_person,
        place: ev_place,
        org: ev_org,
    } = context_evidence(scan, sent, a, b);
    let person_evidence = title_person || ev_person;
    // "Sarah Power, who …", "John Energy, 54,": a given name and a surname that happens to
    // be a company word; person evidence wins over the cue.
    if kind == Some(EntityKind::Organization)
        && person_evidence
        && name_words.len() == 2
        && of_at.is_none()
        && !has_amp
        && !w.org_cues.contains(first)
        && !w.org_first.contains(first)
        && !w.media_cues.contains(first)
    {
        kind = Some(EntityKind::Person);
    }
    // "Africa CDC", "City AM": capitalised words and an acronym after them name a body.
    if kind.is_none() && multi && !sent.shouting && !person_evidence {
        let last_tok = name_words[name_words.len() - 1];
        let letters = last.chars().filter(|c| c.is_alphabetic()).count();
        // "Louis XIV", "World War II" ("CDC" spells no numeral of a name).
        let roman = last.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        if last_tok.shape == Shape::Upper
            && (2..=6).contains(&letters)
            && !roman
            && !w.non_entity_acronyms.contains(last)
            && name_words[..name_words.len() - 1].iter().all(|t| t.shape == Shape::Cap)
        {
            kind = Some(EntityKind::Organization);
        }
    }
    if kind.is_some() {
        if !kb_exact {
            push(out, span, kind, words(), false, sent);
        }
        return;
    }
    if multi {
        if kb_exact {
            return;
        }
        let all_cap = name_words.iter().all(|t| t.shape == Shape::Cap);
        if !all_cap && !person_evidence {
            return;
        }
        // "South Koreans": a plural demonym, not a name.
        if last.strip_suffix('s').is_some_and(|singular| {
            let start = name_words[0].span.start;
            let end = name_words[name_words.len() - 1].span.end - 1;
            (scan.kb_spelling)(&scan.text[start..end]) || (scan.kb_spelling)(singular)
        }) {
            return;
        }
        let kb_inside = scan.kb_inside(span) || scan.kb_overlaps(span);
        // "a Senior Research Scientist": a role in capitals, not a name.
        let determiner = a > 0 && matches!(scan.t(&toks[a - 1]), "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our");
        // "Transparency and Policy Tracker": the tail of a longer name cut at "and".
        // (A name after "the" is no person's: "the Harbour Transparency and Policy Monitor".)
        let tail = a > 1 && matches!(scan.t(&toks[a - 1]), "and" | "&" | "of" | "for") && toks[a - 2].namey && {
            let mut k = a - 2;
            while k > 0 && toks[k - 1].namey {
                k -= 1;
            }
            k > 0 && matches!(scan.t(&toks[k - 1]), "the" | "The")
        };
        let kind = if person_evidence {
            EntityKind::Person
        } else if ev_org && !ev_place {
            EntityKind::Organization
        } else if determiner || tail {
            return;
        } else if ev_place {
            EntityKind::Place
        } else if ev_org {
            EntityKind::Organization
        } else if kb_inside {
            return;
        } else {
            EntityKind::Person
        };
        push(out, span, Some(kind), words(), false, sent);
        return;
    }
    // One word.
    let tok = name_words[0];
    if tok.shape == Shape::Upper {
        let letters = first.chars().filter(|c| c.is_alphabetic()).count();
        // Roman numerals ("World War II", "Phase III") are no acronyms either.
        let roman = first.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
        // "NT$989.9 billion": a currency's prefix.
        let currency_prefix = toks.get(b).is_some_and(|n| scan.t(n) == "$" && n.span.start == tok.span.end);
        let acronym_like =
            (2..=6).contains(&letters) && !first.chars().any(|c| c.is_ascii_digit()) && !roman && !sent.shouting && !currency_prefix;
        if acronym_like && !scan.kb_overlaps(tok.span) {
            push(out, tok.span, Some(EntityKind::Organization), words(), true, sent);
        }
        return;
    }
    if tok.shape != Shape::Cap || w.title_words.contains(first) || w.honorifics.contains(first) || scan.kb_overlaps(tok.span) {
        return;
    }
    // "the Commission", "Parliament's negotiators": an institution named by its head word.
    let institution = w.org_cues.contains(first)
        && !w.abbreviated_cues.contains(first)
        && (tok.possessive || a > 0 && matches!(scan.t(&toks[a - 1]), "the" | "The"));
    let kind = if title_person || ev_person {
        Some(EntityKind::Person)
    } else if ev_place {
        Some(EntityKind::Place)
    } else if institution || ev_org || camel_case(first) {
        Some(EntityKind::Organization)
    } else {
        None
    };
    push(out, span, kind, words(), false, sent);
    if ev_person && !title_person && appositive_person(scan, sent, b) {
        if let Some(c) = out.cands.last_mut() {
            c.introduced = true;
        }
    }
}

/// A word with a capital inside ("StreetAccount", "JetBlue", "OpenAI"): a company's or a
/// brand's name, unless the capital follows a surname prefix ("McDonald", "DeSantis",
/// "MacArthur", "LeBron", "O'Neill") or a hyphen.
fn camel_case(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || word.contains(['-', '\'', '’', '‑']) {
        return false;
    }
    // "GPUs", "NGOs": an acronym's plural.
    if word.strip_suffix('s').is_some_and(|w| w.chars().all(char::is_uppercase)) {
        return false;
    }
    let inner = chars.clone().skip_while(|c| !c.is_uppercase()).count();
    let prefix_len = word.chars().skip(1).take_while(|c| c.is_lowercase()).count() + 1;
    let prefix: String = word.chars().take(prefix_len).collect();
    inner > 0
        && word.chars().any(char::is_lowercase)
        && !matches!(
            prefix.as_str(),
            "Mc" | "Mac" | "De" | "Di" | "Da" | "Du" | "Le" | "La" | "Van" | "Von" | "Fitz" | "O"
        )
}

/// ", who …" or ", a farmer …" right after the name.
fn appositive_person(scan: &Scan<'_>, sent: &Sent<'_>, b: usize) -> bool {
    appositive(scan, sent, b) == Some(EntityKind::Person)
}

/// What an appositive right after the name makes it: ", a professor at …" a person, ", a
/// town on the lake" a place.
fn appositive(scan: &Scan<'_>, sent: &Sent<'_>, b: usize) -> Option<EntityKind> {
    let toks = sent.toks;
    if toks.get(b).is_none_or(|t| scan.t(t) != ",") {
        return None;
    }
    for (i, tok) in toks.iter().enumerate().take(b + 8).skip(b + 1) {
        let word = scan.t(tok);
        if i == b + 1 && word == "who" {
            return Some(EntityKind::Person);
        }
        // An age: "John Energy, 54, said".
        if i == b + 1 && tok.shape == Shape::Number && word.len() <= 3 && toks.get(i + 1).is_some_and(|t| scan.t(t) == ",") {
            return Some(EntityKind::Person);
        }
        // "a Dhaka-based drugmaker": a capitalised compound adjective.
        let compound = word
            .rsplit_once('-')
            .is_some_and(|(_, suffix)| scan.w.compound_suffixes.contains(suffix));
        if tok.shape != Shape::Lower && tok.shape != Shape::Number && !compound {
            return None;
        }
        // "the bourse's chief executive": the possessor is not what the name is.
        if tok.possessive {
            continue;
        }
        if scan.w.person_appositives.contains(word) {
            return Some(EntityKind::Person);
        }
        // Only a noun phrase opened by a determiner: ", told reporters the company …" is none.
        if scan.w.org_appositives.contains(word) && matches!(scan.t(&toks[b + 1]), "a" | "an" | "the" | "one" | "its") {
            return Some(EntityKind::Organization);
        }
        if scan.w.place_appositives.contains(word) {
            return Some(EntityKind::Place);
        }
    }
    None
}

fn push(out: &mut Detected, span: Span, kind: Option<EntityKind>, words: Vec<Span>, acronym: bool, sent: &Sent<'_>) {
    out.cands.push(Cand {
        span,
        kind,
        words,
        acronym,
        introduced: false,
        sentence: sent.index,
        headline: sent.headline,
    });
}

/// What the words around a name say it is.
#[derive(Default)]
struct Evidence {
    person: bool,
    place: bool,
    org: bool,
}

const PERSON: Evidence = Evidence {
    person: true,
    place: false,
    org: false,
};
const PLACE: Evidence = Evidence {
    person: false,
    place: true,
    org: false,
};
const ORG: Evidence = Evidence {
    person: false,
    place: false,
    org: true,
};

fn context_evidence(scan: &Scan<'_>, sent: &Sent<'_>, a: usize, b: usize) -> Evidence {
    let w = scan.w;
    let toks = sent.toks;
    let t = |i: usize| toks.get(i).map(|t| scan.t(t)).unwrap_or("");
    let mut place = false;
    let mut org = false;
    if a > 0 {
        let before = t(a - 1);
        if w.place_prepositions.contains(before) {
            place = true;
        }
        // "the village of Sulewana", "hometown of Andong".
        if before == "of" && a > 1 && w.place_appositives.contains(t(a - 2)) {
            return PLACE;
        }
        if w.honorifics.contains(before.trim_end_matches('.')) {
            return PERSON;
        }
        // A byline: "By Josh White" alone on its line.
        let line_ends = toks
            .get(b)
            .is_none_or(|n| scan.text[toks[b - 1].span.end..n.span.start].contains('\n'));
        let line_starts = scan.text[..toks[a - 1].span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
        if before == "By" && line_starts && line_ends && toks[a..b].iter().filter(|t| t.namey).count() >= 2 {
            return PERSON;
        }
        // "shares of Meghna Biologics"; "an analyst at Padma Insights".
        if before == "of" && a > 1 && w.org_of_nouns.contains(&lower(t(a - 2), &mut [0; 32])) {
            org = true;
        }
        // "analysts at Jefferies" as well as "an analyst at …".
        if before == "at" && a > 1 {
            let noun = t(a - 2).to_lowercase();
            if w.person_appositives.contains(noun.as_str()) || noun.strip_suffix('s').is_some_and(|s| w.person_appositives.contains(s)) {
                org = true;
            }
        }
    }
    if business_context(scan.text, Span::new(toks[a].span.start, toks[b - 1].span.end), w) {
        org = true;
    }
    // "Meghna's shares", "X said in a statement", "X, which …".
    // (The possessive's apostrophe and "s" are tokens of their own.)
    let after_possessive = if matches!(t(b), "'" | "’") && t(b + 1) == "s" { b + 2 } else { b };
    if toks[b - 1].possessive && w.org_possessions.contains(t(after_possessive)) {
        org = true;
    }
    if t(b) == "said" && t(b + 1) == "in" && matches!(t(b + 2), "a" | "an" | "its") && w.org_statement_nouns.contains(t(b + 3)) {
        org = true;
    }
    // (Only for a name of two words or more: "Inflation, which …" opens a sentence.)
    // "Amaru Quispe said he …".
    if t(b) == "said" && matches!(t(b + 1), "he" | "she") {
        return PERSON;
    }
    if t(b) == "," && t(b + 1) == "which" && toks[a..b].iter().filter(|t| t.namey).count() >= 2 {
        org = true;
    }
    // "Horyuji temple", but not an adjective ("Korean peninsula").
    let adjective = ["an", "ese", "ish"].iter().any(|s| t(b - 1).ends_with(s));
    if toks.get(b).is_some_and(|n| n.shape == Shape::Lower) && w.place_after.contains(t(b)) && !toks[b - 1].possessive && !adjective {
        place = true;
    }
    // "the Trump administration".
    if w.person_nouns_after.contains(t(b)) && !toks[b - 1].possessive {
        return PERSON;
    }
    // Appositive: "Nadia Haddad, an economist at …", "Tentena, a town on the lake".
    match appositive(scan, sent, b) {
        Some(EntityKind::Person) => return PERSON,
        Some(EntityKind::Place) => return PLACE,
        Some(EntityKind::Organization) => return ORG,
        _ => {}
    }
    // A place's context wins over "which" ("in Barguna, which …").
    Evidence {
        person: false,
        place,
        org: org && !place,
    }
}

/// Whether the words around `span` are those of business news about an organization: a
/// noun before it ("the insurer Zurich", "its budget carrier, Eurowings"), a phrase after it
/// ("Jefferies analysts", "Lufthansa chief executive …"), its possessions ("Zurich's
/// shares"), a ticker ("Broadcom (NASDAQ:AVGO)", "Delta Air Lines (DAL)") or a statement
/// ("X said in a statement"). Read from the text, so that knowledge-base matches can ask too.
pub(super) fn business_context(text: &str, span: Span, w: &NameWords) -> bool {
    let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..)) else {
        return false;
    };
    // The word before, over one comma ("carrier, Eurowings").
    let before = before.trim_end();
    let before = before.strip_suffix(',').unwrap_or(before).trim_end();
    let prev = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or("");
    if prev.starts_with(char::is_lowercase) && w.org_nouns_before.contains(prev) {
        return true;
    }
    // A possessive: "Zurich's shares", "Advanced Micro Devices' (NASDAQ:AMD)".
    let (possessive, rest) = match ["'s", "’s", "'", "’"].iter().find_map(|p| after.strip_prefix(p)) {
        Some(r) => (true, r),
        None => (false, after),
    };
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(4)
        .map(|x| x.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if possessive && words.first().is_some_and(|x| w.org_possessions.contains(x)) {
        return true;
    }
    if !possessive
        && w.org_nouns_after
            .iter()
            .any(|p| p.len() <= words.len() && p.iter().zip(&words).all(|(x, y)| x == y))
    {
        return true;
    }
    if !possessive
        && words.len() >= 4
        && words[0] == "said"
        && words[1] == "in"
        && matches!(words[2], "a" | "an" | "its")
        && w.org_statement_nouns.contains(words[3])
    {
        return true;
    }
    ticker(rest)
}

/// " (NASDAQ:AVGO)", " (DAL)": a stock ticker in parentheses, exchange first or alone.
fn ticker(rest: &str) -> bool {
    let Some(inner) = rest.strip_prefix(" (").and_then(|r| r.split_once(')')).map(|(i, _)| i) else {
        return false;
    };
    let code = |s: &str| (1..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'.');
    match inner.split_once(':') {
        Some((exchange, symbol)) => code(exchange.trim()) && code(symbol.trim()),
        None => false,
    }
}

/// Whether `toks[a..b]` stands in parentheses right after lowercase words whose initials it
/// spells ("gross written premiums (GWP)", "property & casualty (P&C)").
fn abbreviates_common_phrase(scan: &Scan<'_>, toks: &[Tok], first_word: usize, a: usize, b: usize) -> bool {
    if a < 2 || scan.t(&toks[a - 1]) != "(" || toks.get(b).is_none_or(|t| scan.t(t) != ")") {
        return false;
    }
    let letters: Vec<char> = toks[a..b]
        .iter()
        .flat_map(|t| scan.t(t).chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    if letters.len() < 2 || letters.len() > 6 || !letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    // The words before the parenthesis, last first, skipping "&", "and", "of": lowercase ones,
    // but for a capitalised first word of the sentence ("Gross written premiums (GWP)") or a
    // name inside a common phrase ("Ebola virus disease (EVD)": the phrase ends lowercase).
    let ends_lowercase = toks.get(a.wrapping_sub(2)).is_some_and(|t| t.shape == Shape::Lower);
    let mut initials: Vec<char> = Vec::new();
    let mut k = a - 1;
    while k > 0 && initials.len() < letters.len() {
        k -= 1;
        let t = scan.t(&toks[k]);
        if matches!(t, "&" | "and" | "of" | "-") {
            continue;
        }
        let capital_allowed = k == first_word || ends_lowercase;
        if toks[k].shape != Shape::Lower && !(capital_allowed && toks[k].shape == Shape::Cap) {
            return false;
        }
        initials.extend(t.chars().next().map(|c| c.to_ascii_uppercase()));
    }
    initials.reverse();
    initials == letters
}

fn alias_after(scan: &Scan<'_>, sent: &Sent<'_>, b: usize, target: Span, out: &mut Detected) {
    let toks = sent.toks;
    let t = |i: usize| toks.get(i).map(|t| scan.t(t)).unwrap_or("");
    // "Hua Chunying 华春莹": the name in its own script right after.
    if toks
        .get(b)
        .is_some_and(|x| x.shape == Shape::Script && !scan.text[toks[b - 1].span.end..x.span.start].contains('\n'))
    {
        out.aliases.push(Alias {
            span: toks[b].span,
            target,
            acronym: false,
            sentence: sent.index,
        });
        return;
    }
    // "the National Disaster Management Agency, known as BNPB".
    if t(b) == "," && t(b + 1) == "known" && t(b + 2) == "as" && toks.get(b + 3).is_some_and(|x| x.shape == Shape::Upper) {
        out.aliases.push(Alias {
            span: toks[b + 3].span,
            target,
            acronym: true,
            sentence: sent.index,
        });
        return;
    }
    if !matches!(t(b), "(" | "（") {
        return;
    }
    let Some(close) = (b + 1..toks.len().min(b + 8)).find(|&i| matches!(t(i), ")" | "）")) else {
        return;
    };
    if close == b + 1 {
        return;
    }
    let inner = &toks[b + 1..close];
    // "(NASDAQ:AVGO)": the ticker is the company's other name; the exchange stays one of its own.
    if let [exchange, colon, symbol] = inner
        && exchange.shape == Shape::Upper
        && scan.t(colon) == ":"
        && matches!(symbol.shape, Shape::Upper | Shape::Cap)
        && symbol.span.len() <= 6
    {
        out.aliases.push(Alias {
            span: symbol.span,
            target,
            acronym: true,
            sentence: sent.index,
        });
        return;
    }
    // "(IAEA)", and mixed-case ones with two or more capitals ("(BoZ)").
    let acronym = |x: &Tok| {
        let t = scan.t(x);
        x.shape == Shape::Upper || x.shape == Shape::Cap && t.len() <= 8 && t.chars().filter(|c| c.is_uppercase()).count() >= 2
    };
    if inner.len() == 1 && acronym(&inner[0]) {
        out.aliases.push(Alias {
            span: inner[0].span,
            target,
            acronym: true,
            sentence: sent.index,
        });
    } else if inner.iter().all(|x| x.shape == Shape::Script) {
        out.aliases.push(Alias {
            span: Span::new(inner[0].span.start, inner[inner.len() - 1].span.end),
            target,
            acronym: false,
            sentence: sent.index,
        });
    }
}
