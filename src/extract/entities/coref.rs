//! Which full name a short form stands for: a surname ("Berg" → Anna Berg), a family name
//! written first ("Moon" → Moon Jae-in, "Takaichi" → Takaichi Sanae), a trailing part
//! ("Corrêa do Lago"), an organization's initials ("CBO" → Congressional Budget Office). Two
//! people who share the word leave it unlinked. Name particles ("da", "von"), small words and
//! the syllables of Japanese names are the lexicon's (`NameWords`).

use super::words::NameWords;

/// True when `short` (one or more words) can stand for the person named `full`.
pub(super) fn short_form_of(short: &[&str], full: &[&str], w: &NameWords) -> bool {
    short_form(short, full, w, false)
}

/// Like [`short_form_of`], but a first name counts too ("Prabowo" for Prabowo Subianto): for
/// a word nothing else explains.
pub(super) fn loose_short_form_of(short: &[&str], full: &[&str], w: &NameWords) -> bool {
    short_form(short, full, w, true)
}

fn short_form(short: &[&str], full: &[&str], w: &NameWords, loose: bool) -> bool {
    if short.is_empty() || short.len() >= full.len() {
        return false;
    }
    if short.len() == 1 {
        let s = short[0];
        if w.particles.contains(s) {
            return false;
        }
        if let Some(pos) = full.iter().position(|f| same_word(f, s, w)) {
            // Any word after the first (surname, middle name, second surname); the first only
            // where it is a family name written first.
            return pos > 0 || loose || family_name_first(full, w);
        }
        return false;
    }
    // A run of words: "Corrêa do Lago" in "André Corrêa do Lago".
    full.windows(short.len())
        .enumerate()
        .any(|(i, win)| same_words(win, short, w) && (i > 0 || loose || family_name_first(full, w)))
}

/// True when `acronym` ("CBO", "ISPR") spells the initials of the capitalised words of an
/// organization's name ("Congressional Budget Office"; hyphenated parts count apart:
/// "Inter-Services Public Relations"), small words left out ("Office of Civil Defense"), or of
/// its last words, three letters or more ("BEA" of "United States Bureau of Economic Analysis").
pub(super) fn initials_spell(acronym: &str, name: &[&str], w: &NameWords) -> bool {
    let letters: Vec<char> = acronym.chars().collect();
    if letters.len() < 2 || letters.len() > 8 || !letters.iter().all(char::is_ascii_uppercase) || name.len() < 2 {
        return false;
    }
    let initials: Vec<char> = name
        .iter()
        .flat_map(|word| word.split(['-', '‑']))
        .filter(|part| !w.title_case_small_words.contains(part))
        .filter_map(|part| part.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    initials == letters || letters.len() >= 3 && initials.len() > letters.len() && initials.ends_with(&letters)
}

/// Equal words, where a particle may be capitalised at a sentence start ("Van den Berg").
fn same_word(a: &str, b: &str, w: &NameWords) -> bool {
    a == b
        || a.eq_ignore_ascii_case(b) && w.particles.contains(&a.to_lowercase())
        || without_prefix(a) == b
        || without_prefix(b) == a
        || same_but_apostrophe(a, b)
}

/// The same words but for the apostrophes' typography ("Michael O'Leary", "Michael O’Leary").
pub(super) fn same_spelling(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || same_but_apostrophe(x, y))
}

/// "O'Leary" and "O’Leary": one name in two typographies.
fn same_but_apostrophe(a: &str, b: &str) -> bool {
    (a.contains('’') || b.contains('’')) && a.replace('’', "'") == b.replace('’', "'")
}

/// "Burhan" in "al-Burhan": a name without its lowercase hyphenated prefix.
pub(super) fn without_prefix(w: &str) -> &str {
    match w.split_once(['-', '‑']) {
        Some((p, rest)) if !p.is_empty() && p.chars().all(char::is_lowercase) => rest,
        _ => w,
    }
}

/// [`same_word`] for each word of two names.
pub(super) fn same_words(a: &[&str], b: &[&str], w: &NameWords) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_word(x, y, w))
}

/// East Asian names written family name first: a hyphenated given name ("Kim Min-jun",
/// "Cheng Chin-mo"), three one-syllable parts ("Yoon Suk Yeol"), a short Chinese family name
/// ("Xi Jinping", "Hua Chunying"), or every part spelled in Japanese syllables ("Takaichi
/// Sanae").
pub(super) fn family_name_first(full: &[&str], w: &NameWords) -> bool {
    if full.len() < 2 || full.len() > 3 {
        return false;
    }
    let hyphenated_given = full[1..].iter().any(|w| {
        w.split_once('-')
            .is_some_and(|(a, b)| !a.is_empty() && b.chars().next().is_some_and(char::is_lowercase))
    });
    if hyphenated_given {
        return true;
    }
    let letters = |w: &str| w.chars().count();
    if full.len() == 3 && full.iter().all(|w| letters(w) <= 4) {
        return true;
    }
    if full.len() == 2 && letters(full[0]) <= 3 && pinyin_like(full[1]) {
        return true;
    }
    full.len() == 2 && full.iter().all(|part| romaji(part, &w.romaji_onsets))
}

/// A word made of Hepburn syllables (one of `onsets` + vowel, or a final "n").
pub(super) fn romaji(word: &str, onsets: &[String]) -> bool {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    if w.len() < 3 || !w.iter().all(|c| c.is_ascii_lowercase() || matches!(c, 'ō' | 'ū')) {
        return false;
    }
    let vowel = |c: char| matches!(c, 'a' | 'i' | 'u' | 'e' | 'o' | 'ō' | 'ū');
    let mut i = 0;
    while i < w.len() {
        if vowel(w[i]) {
            i += 1;
            continue;
        }
        // Syllable-final n, and a doubled consonant before the next syllable.
        if w[i] == 'n' && (i + 1 == w.len() || !vowel(w[i + 1]) && w[i + 1] != 'y') {
            i += 1;
            continue;
        }
        if i + 1 < w.len() && w[i] == w[i + 1] && w[i] != 'n' {
            i += 1;
            continue;
        }
        let rest: String = w[i..].iter().collect();
        let Some(o) = onsets.iter().find(|o| rest.starts_with(o.as_str())) else {
            return false;
        };
        i += o.chars().count();
        if i >= w.len() || !vowel(w[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// A given name in pinyin: no consonant clusters outside zh/ch/sh/ng, ends in a vowel, n or ng.
fn pinyin_like(word: &str) -> bool {
    let w = word.to_lowercase();
    if w.len() < 2 || !w.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let last = w.chars().last().unwrap_or('x');
    if !matches!(last, 'a' | 'e' | 'i' | 'o' | 'u' | 'n' | 'g') || (last == 'g' && !w.ends_with("ng")) {
        return false;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'ü' | 'v');
    let chars: Vec<char> = w.chars().collect();
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        if vowel(c) {
            run = 0;
            continue;
        }
        run += 1;
        if run >= 2 {
            let pair = (chars[i - 1], c);
            let ok = matches!(pair, ('z' | 'c' | 's', 'h') | ('n', 'g') | ('n', _));
            if !ok || run > 3 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(s: &str, f: &str) -> bool {
        let s: Vec<&str> = s.split(' ').collect();
        let f: Vec<&str> = f.split(' ').collect();
        short_form_of(&s, &f, &NameWords::load())
    }

    #[test]
    fn surnames_and_family_names() {
        assert!(short("Berg", "Anna Berg"));
        assert!(!short("Anna", "Anna Berg"));
        assert!(short("Moon", "Moon Jae-in"));
        assert!(short("Kim", "Kim Min-jun"));
        assert!(short("Yoon", "Yoon Suk Yeol"));
        assert!(short("Xi", "Xi Jinping"));
        assert!(short("Takaichi", "Takaichi Sanae"));
        assert!(short("Takaichi", "Sanae Takaichi"));
        assert!(short("Lula", "Luiz Inácio Lula da Silva"));
        assert!(short("Corrêa do Lago", "André Corrêa do Lago"));
        assert!(short("Burhan", "Abdel Fattah al-Burhan"));
        assert!(short("al-Burhan", "Abdel Fattah al-Burhan"));
        assert!(!short("da", "Luiz Inácio Lula da Silva"));
        assert!(!short("Victoria", "Victoria Rodríguez Ceja"));
        assert!(!short("Jonathan", "Jonathan Heath"));
        assert!(!short("Anna Berg", "Anna Berg"));
        // The apostrophe's typography does not matter.
        assert!(short("O'Leary", "Michael O’Leary"));
        assert!(short("O’Leary", "Michael O'Leary"));
        assert!(!short("OLeary", "Michael O’Leary"));
        assert!(same_spelling(&["Michael", "O'Leary"], &["Michael", "O’Leary"]));
        assert!(!same_spelling(&["Michael", "O'Leary"], &["Michael", "OLeary"]));
        assert!(!same_spelling(&["Michael"], &["Michael", "O'Leary"]));
    }

    #[test]
    fn initials_of_organizations() {
        let w = NameWords::load();
        let spell = |a: &str, n: &str| initials_spell(a, &n.split(' ').collect::<Vec<_>>(), &w);
        assert!(spell("CBO", "Congressional Budget Office"));
        assert!(spell("OCD", "Office of Civil Defense"));
        assert!(spell("ISPR", "Inter-Services Public Relations"));
        assert!(spell("BEA", "United States Bureau of Economic Analysis"));
        assert!(spell("USBEA", "United States Bureau of Economic Analysis"));
        assert!(spell("MDM", "Management of the Dead and Missing"));
        // Two letters spell the whole name only; a lowercase word gives no initial.
        assert!(!spell("EA", "United States Bureau of Economic Analysis"));
        assert!(spell("SD", "Social Democratic party"));
        assert!(!spell("SDP", "Social Democratic party"));
        assert!(!spell("CBO", "Congressional Budget"));
        assert!(!spell("Cbo", "Congressional Budget Office"));
        assert!(!spell("C", "Congress"));
    }

    #[test]
    fn name_shapes() {
        let w = NameWords::load();
        let romaji = |word: &str| romaji(word, &w.romaji_onsets);
        assert!(romaji("Takaichi") && romaji("Sanae") && romaji("Katayama") && romaji("Satsuki") && romaji("Shinzo"));
        assert!(!romaji("Berg") && !romaji("Victoria") && !romaji("Heath"));
        assert!(pinyin_like("Jinping") && pinyin_like("Chunying"));
        assert!(!pinyin_like("Berg"));
        assert!(!family_name_first(&["Jonathan", "Heath"], &w));
        assert!(!family_name_first(&["Victoria", "Rodríguez", "Ceja"], &w));
        assert!(family_name_first(&["Takaichi", "Sanae"], &w));
    }
}
