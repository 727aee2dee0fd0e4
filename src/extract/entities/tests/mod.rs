//! Detection, typing and coreference of names on small articles written for these tests, one
//! file per concern; the helpers they share.

mod datelines;
mod detection;
mod linking;
mod typing;

use std::sync::Arc;

use super::super::{Analysis, Context, MentionForm, analyze};
use crate::kb::{EntityKind, KnowledgeBase};

fn run_with(text: &str, kb: Arc<KnowledgeBase>) -> Analysis {
    analyze(text, &Context::new(kb))
}

fn run(text: &str) -> Analysis {
    run_with(text, Arc::new(KnowledgeBase::empty()))
}

fn kb(toml: &str) -> Arc<KnowledgeBase> {
    let base = KnowledgeBase::empty();
    Arc::new(KnowledgeBase::with_workspace_files(&base, &[("kb.toml".to_string(), toml.to_string())]).expect("test kb parses"))
}

/// Every mention as (surface, kind, entity name).
fn mentions(text: &str, a: &Analysis) -> Vec<(String, EntityKind, String)> {
    a.mentions
        .iter()
        .map(|m| {
            let e = &a.entities[m.entity];
            (m.span.slice(text).to_string(), e.kind, e.name.clone())
        })
        .collect()
}

fn surfaces(text: &str, a: &Analysis) -> Vec<String> {
    a.mentions.iter().map(|m| m.span.slice(text).to_string()).collect()
}

fn kind_of(text: &str, a: &Analysis, surface: &str) -> Option<EntityKind> {
    a.mentions
        .iter()
        .find(|m| m.span.slice(text) == surface)
        .map(|m| a.entities[m.entity].kind)
}

fn entity_of(text: &str, a: &Analysis, surface: &str) -> Option<usize> {
    a.mentions.iter().find(|m| m.span.slice(text) == surface).map(|m| m.entity)
}

fn intro(text: &str, a: &Analysis, surface: &str) -> Option<String> {
    let e = &a.entities[entity_of(text, a, surface)?];
    e.intro.map(|i| a.mentions[i].span.slice(text).to_string())
}

const BODY: &str = "Ministers met on Tuesday to discuss the plan.\n\n";

// Articles written for the typing of names the knowledge base does not know: companies,
// clubs, outlets and stadiums with no title or cue before them.
const DRUGMAKER: &str = "Drugmaker shares climb after regulator nod\n\n\
DHAKA, Bangladesh — Shares of Meghna Biologics rose 6 percent on Monday after the health regulator approved its dengue vaccine.\n\n\
Meghna Biologics, a Dhaka-based drugmaker, said in a statement that production would start in March. Rafiq Chowdhury, an analyst at Padma Insights, said the approval was expected. Chowdhury said demand was there.\n\n\
Meghna's chief executive, Tahmina Akter, told reporters the company would hire 400 workers. Neighbouring Patuakhali district will host a new plant, the company said. The plant in the district of Barguna will follow.\n\n\
Rival Sonar Pharmaceutical said its own trial would end next year. Chief Financial Officer Imran Hossain said profit would double. Kiran Research, which tracks drug sales, said the market grew 12 percent.\n\n\
Delta Crest Energy, the state oil company, said Delta Crest would supply fuel to the plant. Sarah Power, who heads the workers' union, said she welcomed the jobs. John Energy, 54, said he was pleased.\n";

const CUP: &str = "Serrano win cup thriller\n\n\
FLORIANÓPOLIS, Brazil — Grêmio Serrano beat Costa Norte FC 2-1 on Sunday at Estádio Vale Verde, lifting the club into the top four.\n\n\
Atlético Ribeira, a club in the state of Paraná, lost to Real Cordeiro. Coach Mauro Teixeira said his team had been tired. The match was reported by the Litoral Times and the Serra Wire.\n\n\
Costa Norte United will play at Arena Pinhal next week. Club Aurora said its ground would be closed for repairs.\n";

const BOND: &str = "Exchange lists first green bond\n\n\
LAGOS, Nigeria — Nigerian Exchange Limited listed its first green bond on Thursday, the bourse said.\n\n\
Okonkwo Holdings Ltd raised 20 billion naira in the sale. Okonkwo Holdings said the proceeds would fund solar farms. Zenara Petroleum PLC and Bello Logistics Inc. also bought the notes.\n\n\
Chief Executive Officer Ngozi Adeyemi said more bonds would follow. The Chief Executive said demand was strong. Adeyemi added that Kaduna Capital's shares rose 3 percent.\n";

const OUTBREAK: &str = "Cholera cases fall in the north\n\n\
Cases of cholera fell for a third week, Andean Health Watch said on Friday. The group, which tracks outbreaks, counted 212 new cases.\n\n\
Quispe Mamani, who runs a clinic in Oruro, said supplies had improved. Altiplano Therapeutics, the maker of the oral vaccine, said in a filing that it would double output. Workers at Altiplano Therapeutics joined the effort.\n\n\
Lucía Torres, an epidemiologist at Cordillera Research, said rains could bring a new wave. Pacha Logistics, a Lima-based shipper, carried the doses.\n";

fn kinds(text: &str) -> (Analysis, impl Fn(&Analysis, &str) -> Option<EntityKind> + '_) {
    (run(text), move |a: &Analysis, s: &str| kind_of(text, a, s))
}

/// The kind of `name` in one sentence written around it.
fn kind_in(sentence: &str, name: &str) -> Option<EntityKind> {
    let text = format!("{BODY}{sentence}\n");
    let a = run(&text);
    kind_of(&text, &a, name)
}
