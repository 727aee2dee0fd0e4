//! Quotations, their statements and their speakers, on short articles.

use crate::extract::{Context, analyze};
use crate::kb::KnowledgeBase;

/// (quoted words, statement, speaker) of every quote in `body`.
fn quotes(body: &str) -> Vec<(String, bool, Option<String>)> {
    let text = format!("Headline\n\n{body}");
    let a = analyze(&text, &Context::new(KnowledgeBase::embedded()));
    a.quotes
        .iter()
        .map(|q| {
            (
                q.span.slice(&text).to_string(),
                q.statement,
                q.speaker.as_ref().map(|s| s.text.clone()),
            )
        })
        .collect()
}

fn speaker(body: &str) -> Option<String> {
    let q = quotes(body);
    let st: Vec<_> = q.into_iter().filter(|q| q.1).collect();
    assert_eq!(st.len(), 1, "{body}: {st:?}");
    st[0].2.clone()
}

#[test]
fn marks_of_every_kind() {
    for body in [
        "\"We will not back down from this,\" Anna Berg said.",
        "“We will not back down from this,” Anna Berg said.",
        "'We will not back down from this,' Anna Berg said.",
        "‘We will not back down from this,’ Anna Berg said.",
    ] {
        assert_eq!(speaker(body).as_deref(), Some("Anna Berg"), "{body}");
    }
    // Nested quotes stay inside the outer one.
    let q = quotes("“They called it ‘a historic day for us all’ and left,” Anna Berg said.");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, "They called it ‘a historic day for us all’ and left,");
    assert_eq!(q[0].2.as_deref(), Some("Anna Berg"));
    // An apostrophe is not a closing mark.
    let q = quotes("‘We don’t know what the rebels want,’ Anna Berg said.");
    assert_eq!(q[0].0, "We don’t know what the rebels want,");
}

#[test]
fn speakers_from_every_position() {
    let s = |b: &str| speaker(b);
    assert_eq!(
        s("Anna Berg said: \"We will not back down from this.\"").as_deref(),
        Some("Anna Berg")
    );
    assert_eq!(
        s("\"We will not back down from this,\" said Anna Berg.").as_deref(),
        Some("Anna Berg")
    );
    assert_eq!(
        s("\"We will not back down from this,\" she told the BBC in an interview.").as_deref(),
        Some("she")
    );
    assert_eq!(s("\"We will not back down from this.\" — Anna Berg").as_deref(), Some("Anna Berg"));
    assert_eq!(
        s("Anna Berg told reporters on Monday:\n\n\"We will not back down from this.\"").as_deref(),
        Some("Anna Berg")
    );
    assert_eq!(
        s("Anna Berg, who runs the shelter, said the nights were the worst.\n\n\"Nobody wanted to sleep indoors that week.\"").as_deref(),
        Some("Anna Berg")
    );
    assert_eq!(
        s("Vladimir Putin hailed the “unprecedented level of strategic partnership” on Monday.").as_deref(),
        Some("Vladimir Putin")
    );
    // A multi-paragraph quote: opening mark on each paragraph, closing on the last.
    let q = quotes("“We will rebuild the schools first and the roads after.\n\n“Then the market, if money is left,” Anna Berg said.");
    let st: Vec<_> = q.iter().filter(|q| q.1).collect();
    assert_eq!(st.len(), 1, "{q:?}");
    assert_eq!(st[0].2.as_deref(), Some("Anna Berg"));
    // A quotation as a paragraph of its own, and who said it in other words right after.
    assert_eq!(
        s("\"Nobody came to clear the drains this year.\"\n\nThat was how Amina Yusuf, a market trader, described the council's response.")
            .as_deref(),
        Some("Amina Yusuf")
    );
    assert_eq!(
        s("\"The water reached the windows in an hour.\"\n\nKofi Mensah made the remark while clearing mud from his shop.").as_deref(),
        Some("Kofi Mensah")
    );
    // A person named next without any word of speech is not the speaker.
    assert_eq!(
        s("\"The water reached the windows in an hour.\"\n\nKofi Mensah runs a shop near the river.").as_deref(),
        None
    );
    // A second quote after a first one with a speaker continues it.
    let q = quotes("“The talks were useful,” Anna Berg said. “They will continue next week in Geneva.”");
    assert!(q.iter().all(|q| q.2.as_deref() == Some("Anna Berg")), "{q:?}");
}

#[test]
fn one_speaker_runs_across_sentences_and_paragraphs() {
    let statements =
        |body: &str| -> Vec<(String, Option<String>)> { quotes(body).into_iter().filter(|q| q.1).map(|q| (q.0, q.2)).collect() };
    // `…," he said.` closes a sentence whose own quotation is too short to be a statement:
    // the quotation after it in the paragraph is his.
    let q = statements(
        "Kofi Mensah spoke after the count.\n\n“A good day,” he said. “We will publish every polling station's figures on Friday.”",
    );
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1.as_deref(), Some("he"));
    // A paragraph of quotation after one whose subject speaks (", saying …").
    assert_eq!(
        speaker("Amina Yusuf criticised the council on Monday, saying the drains had not been cleared for years.\n\n“Nobody came when the river rose, and nobody answered the phone either.”")
            .as_deref(),
        Some("Amina Yusuf")
    );
    // Fragments quoted after an interviewer's question keep the speaker of the answer
    // before the question.
    let q = statements(
        "“The new luggage fines are plainly absurd,” Kofi Mensah said.\n\nThe airport's passenger cap?\n\n“Indefensible” for a city “that has not built a runway in forty years”.",
    );
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q.iter().all(|q| q.1.as_deref() == Some("Kofi Mensah")), "{q:?}");
    // A body that only sources a figure of the line before is no speaker.
    assert_eq!(
        speaker(
            "Prices rose 3.8 percent in March, the Central Bank of Kenya reported.\n\n\"Lower rates will not fix a confidence problem.\""
        ),
        None
    );
    // Only the last sentence of the line before counts.
    assert_eq!(
        speaker(
            "Anna Berg told parliament in May that the deal was dead. The deal was signed in June.\n\n\"Nobody in the chamber believed the deal was dead.\""
        ),
        None
    );
    // A paragraph that names nobody speaking ends the run.
    assert_eq!(
        speaker("Kofi Mensah runs a shop near the river.\n\n“The water reached the windows in an hour.”"),
        None
    );
    let q = statements(
        "“The new luggage fines are plainly absurd,” Kofi Mensah said.\n\nThe cap stays until 2030.\n\n“Indefensible” for a city “that has not built a runway in forty years”.",
    );
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].1, None, "{q:?}");
    // A paragraph with a speaker of its own is not a continuation.
    let q = statements(
        "“The new luggage fines are plainly absurd,” Kofi Mensah said.\n\n“They are fair and they are legal,” a ministry official replied.",
    );
    assert_eq!(q[1].1.as_deref(), Some("ministry official"), "{q:?}");
}

#[test]
fn a_short_sentence_after_a_verb_of_speech_is_a_statement() {
    let q = quotes("A voice in the crowd could be heard saying, “Everything is gone.”");
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].1, "{q:?}");
    let q = quotes("Anna Berg said: “We will return.”");
    assert_eq!((q[0].1, q[0].2.as_deref()), (true, Some("Anna Berg")), "{q:?}");
    // Not after a verb of speech, or not a sentence: scare quotes as before.
    for body in ["The mood was “grim but calm.”", "Anna Berg said, “very grim indeed”, and left."] {
        assert!(quotes(body).iter().all(|q| !q.1), "{body}: {:?}", quotes(body));
    }
}

#[test]
fn unattributed_and_non_statements() {
    // A neighbour that only sources its own figure does not name the speaker.
    assert_eq!(
        speaker(
            "Prices rose 3.8 percent, the agency reported.\n\n\"Lower rates will not fix a confidence problem.\"\n\nThat line circulated among traders."
        ),
        None
    );
    assert_eq!(
        speaker("\"Spend now, explain later, and never look back.\"\n\nThe slogan was painted on buses."),
        None
    );
    // Scare quotes, titles and short phrases are not statements.
    for body in [
        "The so-called \"peace plan for the whole region\" was shelved.",
        "It was a “historic” day.",
        "Critics called it a \"no limits\" partnership.",
        "‘Beijing Will Not Stop Its Support’\n\nThe report said more.",
    ] {
        assert!(quotes(body).iter().all(|q| !q.1), "{body}: {:?}", quotes(body));
    }
}

#[test]
fn korean_quoting_particles_name_the_subject() {
    assert_eq!(
        speaker("박정민 씨는 \"주가가 너무 빨리 올라서 걱정된다\"고 말했다.").as_deref(),
        Some("박정민")
    );
    assert_eq!(
        speaker("대변인은 “협상은 다음 주에 재개된다”라고 밝혔다.").as_deref(),
        Some("대변인")
    );
    assert_eq!(
        speaker("김민수 장관은 \"내년 예산을 크게 늘리겠다\"고 강조했습니다.").as_deref(),
        Some("김민수")
    );
    // A quote followed by another verb is no report of speech.
    assert_eq!(
        speaker("박정민 씨는 \"주가가 너무 빨리 올라서 걱정된다\"고 적힌 종이를 들었다."),
        None
    );
}

#[test]
fn unnamed_speakers_leave_the_quote_unattributed() {
    let unnamed = |body: &str| {
        let text = format!("Headline\n\n{body}");
        let a = analyze(&text, &Context::new(KnowledgeBase::embedded()));
        let q: Vec<_> = a.quotes.iter().filter(|q| q.statement).collect();
        assert_eq!(q.len(), 1, "{body}");
        q[0].speaker_unnamed(&a)
    };
    assert!(unnamed(
        "\"Nobody should have died here, not anyway,\" said a relative of one of the victims."
    ));
    assert!(unnamed(
        "\"People are still flying, they just pay less,\" said a travel agent in Chicago."
    ));
    assert!(unnamed("한 증권사 관계자는 \"외국인 매수가 계속될지 지켜봐야 한다\"라고 밝혔다."));
    assert!(!unnamed("\"We will not back down from this,\" Anna Berg said."));
    // Named in the sentence right after.
    assert!(!unnamed(
        "A founder of a school where Kofi Mensah will speak believes \"everybody deserves a second chance.\"\n\nAmina Yusuf is one of its founders."
    ));
    assert!(unnamed(
        "A founder of a school where Kofi Mensah will speak believes \"everybody deserves a second chance.\""
    ));
    assert!(!unnamed(
        "A day after the vote, Kofi Mensah hailed \"a new start for the whole country.\""
    ));
    // An impersonal pronoun names nobody.
    assert!(unnamed(
        "It is believed that weak demand is limiting \"price increases for services like airline fares and hotel rooms.\""
    ));
    // A vague subject is the speaker, not a body named after the quote.
    assert!(unnamed(
        "Economists \"generally expect inflation to rise in the coming months,\" and the Federal Reserve will wait."
    ));
    assert!(!unnamed("Anna Berg arrived. \"We will not back down from this,\" she said."));
}
