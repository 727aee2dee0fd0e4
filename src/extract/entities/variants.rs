//! Whether two full names found beyond the knowledge base are one name spelled two ways
//! ("Joseph Mwakilema" / "Joseph Mwakilima"): the `name-variant` rule asks, within an article
//! and across the workspace, for the people and organizations the knowledge base cannot
//! vouch for.

use crate::kb::EntityKind;

/// `a` and `b` differ only in typography: the apostrophe ("Workers' Party" / "Workers’
/// Party"), not a spelling.
pub fn same_but_typography(a: &str, b: &str) -> bool {
    a.len() != b.len() && a.replace('’', "'") == b.replace('’', "'")
}

/// Two full names (two words or more each) that are likely one person's or one
/// organization's, spelled two ways. People: the same words but one, the surname (the last
/// word), within one or two letters of each other (two for a surname of eight letters or
/// more); a different given name is more often a different person (a relative). Organizations:
/// the whole names within two letters, the same number of words.
pub fn likely_same_name(a: &str, b: &str, kind: EntityKind) -> bool {
    // Cheap refusals first: asked for every pair of names across a workspace. Two letters
    // apart is at most eight bytes apart.
    if kind == EntityKind::Place || a.len().abs_diff(b.len()) > 8 || a == b {
        return false;
    }
    if kind == EntityKind::Person && a.split(' ').next() != b.split(' ').next() {
        return false;
    }
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    if wa.len() < 2 || wa.len() != wb.len() || a == b || a.to_lowercase() == b.to_lowercase() || same_but_typography(a, b) {
        return false;
    }
    match kind {
        EntityKind::Person => {
            let n = wa.len();
            if wa[..n - 1] != wb[..n - 1] {
                return false;
            }
            let (x, y) = (wa[n - 1], wb[n - 1]);
            let shortest = x.chars().count().min(y.chars().count());
            // A surname of four letters or fewer changed by a letter is another surname.
            shortest >= 5 && edit_distance(x, y) <= if shortest >= 8 { 2 } else { 1 }
        }
        EntityKind::Organization => {
            let differing = wa.iter().zip(&wb).filter(|(x, y)| x != y).count();
            differing == 1 && a.chars().count() >= 8 && edit_distance(a, b) <= 2
        }
        EntityKind::Place => false,
    }
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_spelled_two_ways() {
        let p = EntityKind::Person;
        assert!(likely_same_name("Joseph Mwakilema", "Joseph Mwakilima", p));
        assert!(likely_same_name("Amina Okonkwo-Bello", "Amina Okonkwo-Belo", p));
        // A different given name, a short surname, a different surname: other people.
        assert!(!likely_same_name("John Mwakilema", "Joan Mwakilema", p));
        assert!(!likely_same_name("Anna Berg", "Anna Borg", p));
        assert!(!likely_same_name("Joseph Mwakilema", "Joseph Kimaro", p));
        // A short form is no variant (coreference links it), nor the same name in capitals.
        assert!(!likely_same_name("Joseph Mwakilema", "Mwakilema", p));
        assert!(!likely_same_name("Joseph Mwakilema", "JOSEPH MWAKILEMA", p));
    }

    #[test]
    fn organizations_spelled_two_ways() {
        let o = EntityKind::Organization;
        assert!(likely_same_name("Meghna Biologics", "Meghana Biologics", o));
        assert!(!likely_same_name("Meghna Biologics", "Meghna Holdings", o));
        assert!(!likely_same_name("Workers' Party", "Workers’ Party", o));
        assert!(!likely_same_name("Lagos", "Lagoa", EntityKind::Place));
    }

    #[test]
    fn apostrophes_are_typography() {
        assert!(same_but_typography("Workers' Party", "Workers’ Party"));
        assert!(!same_but_typography("Workers' Party", "Workers' Party"));
        assert!(!same_but_typography("Workers Party", "Workers’ Party"));
    }
}
