//! Locale codes accepted as keys of localized `title` / `tooltip` / `help_url` maps (spec §4).
//!
//! Python (`coreutils/applocales.py` `APP_LOCALES`) matches keys exactly against each locale's
//! codes; C# (`LocaleSupport.cs`) normalizes them case-insensitively through its alias table and
//! drops unknown keys with "Unsupported locale key". The two tables differ for `nl_be`, `pt_pt`,
//! `portuguese` and `chinese`.
//!
//! Checked in `applocales.py` (@014165b9): `get_locale_string` tries the codes of the locale named
//! by `user_config.user_locale` and then `en_us`/`english` only; it does not fall back to Revit's
//! UI language (only `get_current_applocale` does). That version has no `ar`/`uk` entries yet
//! (the spec's @3ffad597 has them), so older pyRevit ignores those keys.

/// One canonical locale code.
#[derive(Debug, PartialEq, Eq)]
pub struct LocaleInfo {
    pub code: &'static str,
    /// Other names that resolve to this locale in at least one loader (see [`LOCALE_ALIASES`]).
    pub aliases: &'static [&'static str],
    /// English name of the language.
    pub language: &'static str,
    /// Revit `LanguageType` name, or pyRevit's own name for languages Revit lacks.
    pub revit_language: &'static str,
    /// Written right to left.
    pub rtl: bool,
    /// `Some(code)` when the Python loader has no locale of its own for this code and treats it
    /// as an alias of `code` (`nl_be` → `nl_nl`, `pt_pt` → `pt_br`).
    pub python_alias_of: Option<&'static str>,
    /// Extra note for hover (empty when none).
    pub note: &'static str,
}

const fn loc(
    code: &'static str,
    aliases: &'static [&'static str],
    language: &'static str,
    revit_language: &'static str,
) -> LocaleInfo {
    LocaleInfo { code, aliases, language, revit_language, rtl: false, python_alias_of: None, note: "" }
}

/// The locale both loaders fall back to when the user's locale has no entry (spec §4).
pub const FALLBACK_LOCALE: &str = "en_us";

/// The 22 canonical codes: the 20 Python locales plus `nl_be` and `pt_pt`, which are canonical
/// in C# and aliases in Python.
#[rustfmt::skip]
pub const LOCALES: &[LocaleInfo] = &[
    LocaleInfo { note: "The fallback: both loaders use it when the user's locale is missing.", ..loc("en_us", &["english"], "English (US)", "English_USA") },
    LocaleInfo { note: "The Python loader offers it only in Revit 2018 and later.", ..loc("en_gb", &[], "English (UK)", "English_GB") },
    loc("de_de", &["german"], "German", "German"),
    loc("es_es", &["spanish"], "Spanish", "Spanish"),
    loc("fr_fr", &["french"], "French", "French"),
    loc("it_it", &["italian"], "Italian", "Italian"),
    loc("nl_nl", &["dutch", "nl_be"], "Dutch", "Dutch"),
    LocaleInfo { python_alias_of: Some("nl_nl"), note: "The Python loader treats it as Dutch (`nl_nl`).", ..loc("nl_be", &[], "Dutch (Belgium)", "Dutch") },
    loc("chinese_s", &["chinese"], "Chinese (Simplified)", "Chinese_Simplified"),
    LocaleInfo { note: "`chinese` means Traditional Chinese too in the Python loader, Simplified only in C#.", ..loc("chinese_t", &["chinese"], "Chinese (Traditional)", "Chinese_Traditional") },
    loc("ja", &["japanese"], "Japanese", "Japanese"),
    loc("ko", &["korean"], "Korean", "Korean"),
    loc("ru", &["russian"], "Russian", "Russian"),
    loc("cs", &["czech"], "Czech", "Czech"),
    loc("pl", &["polish"], "Polish", "Polish"),
    loc("hu", &["hungarian"], "Hungarian", "Hungarian"),
    LocaleInfo { note: "`portuguese` means Brazilian Portuguese in the Python loader and `pt_pt` in C#.", ..loc("pt_br", &["portuguese_brazil", "brazilian", "portuguese", "pt_pt"], "Portuguese (Brazil)", "Brazilian_Portuguese") },
    LocaleInfo { python_alias_of: Some("pt_br"), note: "The Python loader treats it as Brazilian Portuguese (`pt_br`).", ..loc("pt_pt", &["portuguese"], "Portuguese (Portugal)", "Brazilian_Portuguese") },
    loc("bg", &["bulgarian"], "Bulgarian", "Bulgarian (pyRevit)"),
    LocaleInfo { rtl: true, ..loc("fa", &["farsi", "persian"], "Farsi", "Farsi (pyRevit)") },
    LocaleInfo { rtl: true, ..loc("ar", &["arabic"], "Arabic", "Arabic (pyRevit)") },
    loc("uk", &["ukrainian"], "Ukrainian", "Ukrainian (pyRevit)"),
];

/// A non-canonical name and what each loader does with it.
#[derive(Debug, PartialEq, Eq)]
pub struct LocaleAlias {
    pub alias: &'static str,
    /// Locales whose code list holds this name in Python (empty: Python does not know it).
    pub python: &'static [&'static str],
    /// The code C# normalizes it to (`None`: C# drops it).
    pub csharp: Option<&'static str>,
}

const fn both(alias: &'static str, code: &'static [&'static str]) -> LocaleAlias {
    LocaleAlias { alias, python: code, csharp: Some(code[0]) }
}

/// Long aliases. The older C# `LocaleSupport` (@05bc8652) accepted none of them.
#[rustfmt::skip]
pub const LOCALE_ALIASES: &[LocaleAlias] = &[
    both("english", &["en_us"]),
    both("german", &["de_de"]),
    both("spanish", &["es_es"]),
    both("french", &["fr_fr"]),
    both("italian", &["it_it"]),
    both("dutch", &["nl_nl"]),
    both("chinese", &["chinese_s", "chinese_t"]),
    both("japanese", &["ja"]),
    both("korean", &["ko"]),
    both("russian", &["ru"]),
    both("czech", &["cs"]),
    both("polish", &["pl"]),
    both("hungarian", &["hu"]),
    both("portuguese_brazil", &["pt_br"]),
    both("brazilian", &["pt_br"]),
    LocaleAlias { alias: "portuguese", python: &["pt_br"], csharp: Some("pt_pt") },
    both("bulgarian", &["bg"]),
    both("farsi", &["fa"]),
    both("persian", &["fa"]),
    both("arabic", &["ar"]),
    both("ukrainian", &["uk"]),
];

/// What a localized-map key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocaleMatch {
    /// A canonical code, spelled exactly; both loaders accept it.
    Canonical(&'static LocaleInfo),
    /// A long alias, spelled exactly. Both current loaders accept every alias; `python` and
    /// `csharp` say where each resolves it (they differ for `chinese` and `portuguese`).
    Alias { alias: &'static LocaleAlias, locale: &'static LocaleInfo },
    /// Matches a code or alias only when case is ignored (`EN_US`, `French`): C# accepts it,
    /// the Python loader's exact match does not.
    CaseDiffers { spelled: &'static str, locale: &'static LocaleInfo },
    /// Neither loader knows it; C# warns "Unsupported locale key".
    Unknown,
}

impl LocaleMatch {
    pub fn python_accepts(self) -> bool {
        matches!(self, LocaleMatch::Canonical(_) | LocaleMatch::Alias { .. })
    }
    pub fn csharp_accepts(self) -> bool {
        !matches!(self, LocaleMatch::Unknown)
    }
    /// The locale this key resolves to (C#'s choice for aliases).
    pub fn locale(self) -> Option<&'static LocaleInfo> {
        match self {
            LocaleMatch::Canonical(l)
            | LocaleMatch::Alias { locale: l, .. }
            | LocaleMatch::CaseDiffers { locale: l, .. } => Some(l),
            LocaleMatch::Unknown => None,
        }
    }
}

/// The canonical locale with this exact code.
pub fn locale(code: &str) -> Option<&'static LocaleInfo> {
    LOCALES.iter().find(|l| l.code == code)
}

fn alias_locale(a: &'static LocaleAlias) -> Option<&'static LocaleInfo> {
    a.csharp.or(a.python.first().copied()).and_then(locale)
}

/// Classify a key of a localized map.
pub fn lookup(key: &str) -> LocaleMatch {
    if let Some(l) = locale(key) {
        return LocaleMatch::Canonical(l);
    }
    if let Some(a) = LOCALE_ALIASES.iter().find(|a| a.alias == key) {
        if let Some(l) = alias_locale(a) {
            return LocaleMatch::Alias { alias: a, locale: l };
        }
    }
    if let Some(l) = LOCALES.iter().find(|l| l.code.eq_ignore_ascii_case(key)) {
        return LocaleMatch::CaseDiffers { spelled: l.code, locale: l };
    }
    if let Some(a) = LOCALE_ALIASES.iter().find(|a| a.alias.eq_ignore_ascii_case(key)) {
        if let Some(l) = alias_locale(a) {
            return LocaleMatch::CaseDiffers { spelled: a.alias, locale: l };
        }
    }
    LocaleMatch::Unknown
}

/// Common ISO-style spellings (lower case, `_` separator) → canonical code.
const ISO_HINTS: &[(&str, &str)] = &[
    ("en", "en_us"),
    ("en_uk", "en_gb"),
    ("de", "de_de"),
    ("es", "es_es"),
    ("fr", "fr_fr"),
    ("it", "it_it"),
    ("nl", "nl_nl"),
    ("pt", "pt_br"),
    ("zh", "chinese_s"),
    ("zh_cn", "chinese_s"),
    ("zh_sg", "chinese_s"),
    ("zh_hans", "chinese_s"),
    ("zh_tw", "chinese_t"),
    ("zh_hk", "chinese_t"),
    ("zh_mo", "chinese_t"),
    ("zh_hant", "chinese_t"),
    ("jp", "ja"),
    ("kr", "ko"),
    ("cz", "cs"),
    ("ua", "uk"),
    ("ir", "fa"),
];

/// The canonical code a key most likely meant, for unknown keys (`fr-FR` → `fr_fr`,
/// `en` → `en_us`, `zh_TW` → `chinese_t`, `en_su` → `en_us`). For known keys, what it resolves to.
pub fn suggest(key: &str) -> Option<&'static str> {
    if let Some(l) = lookup(key).locale() {
        return Some(l.code);
    }
    let norm: String =
        key.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
    if norm.is_empty() {
        return None;
    }
    if let Some(l) = lookup(&norm).locale() {
        return Some(l.code);
    }
    if let Some((_, code)) = ISO_HINTS.iter().find(|(k, _)| *k == norm) {
        return Some(code);
    }
    // `xx_yy` (or `xx`) whose language part matches a code's language part: `de_at` → `de_de`.
    let lang = norm.split('_').next().unwrap_or("");
    if lang == "zh" {
        return Some("chinese_s");
    }
    if lang.len() == 2 {
        if let Some((_, code)) = ISO_HINTS.iter().find(|(k, _)| *k == lang) {
            return Some(code);
        }
        if let Some(l) = LOCALES.iter().find(|l| l.code.split('_').next() == Some(lang)) {
            return Some(l.code);
        }
    }
    nearest_by_spelling(&norm)
}

fn nearest_by_spelling(norm: &str) -> Option<&'static str> {
    let max = if norm.len() <= 3 { 1 } else { 2 };
    let names = LOCALES
        .iter()
        .map(|l| (l.code, l.code))
        .chain(LOCALE_ALIASES.iter().filter_map(|a| alias_locale(a).map(|l| (a.alias, l.code))));
    names
        .map(|(name, code)| (strsim::damerau_levenshtein(norm, name), code))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_invariants() {
        assert_eq!(LOCALES.len(), 22);
        let mut seen = HashSet::new();
        for l in LOCALES {
            assert!(seen.insert(l.code), "duplicate {}", l.code);
            assert!(!l.language.is_empty() && !l.revit_language.is_empty());
            if let Some(target) = l.python_alias_of {
                assert!(locale(target).is_some());
            }
        }
        for a in LOCALE_ALIASES {
            assert!(locale(a.alias).is_none(), "{} is both alias and code", a.alias);
            assert!(alias_locale(a).is_some(), "{} resolves", a.alias);
            for code in a.python {
                let l = locale(code).expect("python target exists");
                assert!(l.aliases.contains(&a.alias), "{} listed on {}", a.alias, code);
            }
            if let Some(code) = a.csharp {
                assert!(locale(code).expect("c# target").aliases.contains(&a.alias));
            }
        }
        // Every listed alias is a long alias or a C#-canonical code the Python loader aliases.
        for l in LOCALES {
            for a in l.aliases {
                let long = LOCALE_ALIASES.iter().any(|x| x.alias == *a);
                let py = locale(a).and_then(|x| x.python_alias_of) == Some(l.code);
                assert!(long || py, "{a} on {}", l.code);
            }
        }
        let rtl: Vec<_> = LOCALES.iter().filter(|l| l.rtl).map(|l| l.code).collect();
        assert_eq!(rtl, ["fa", "ar"]);
    }

    #[test]
    fn lookup_kinds() {
        assert!(matches!(lookup("en_us"), LocaleMatch::Canonical(l) if l.code == "en_us"));
        assert!(matches!(lookup("nl_be"), LocaleMatch::Canonical(l) if l.python_alias_of == Some("nl_nl")));
        let m = lookup("portuguese");
        assert!(
            matches!(m, LocaleMatch::Alias { alias, locale } if alias.python == ["pt_br"] && locale.code == "pt_pt")
        );
        assert!(m.python_accepts() && m.csharp_accepts());
        let m = lookup("chinese");
        assert!(
            matches!(m, LocaleMatch::Alias { alias, locale } if alias.python.len() == 2 && locale.code == "chinese_s")
        );
        let m = lookup("EN_US");
        assert!(matches!(m, LocaleMatch::CaseDiffers { spelled: "en_us", .. }));
        assert!(!m.python_accepts() && m.csharp_accepts());
        assert!(matches!(lookup("French"), LocaleMatch::CaseDiffers { spelled: "french", .. }));
        let m = lookup("fr");
        assert_eq!(m, LocaleMatch::Unknown);
        assert!(!m.python_accepts() && !m.csharp_accepts());
        assert_eq!(lookup(""), LocaleMatch::Unknown);
    }

    #[test]
    fn suggestions() {
        let cases = [
            ("fr-FR", "fr_fr"),
            ("en", "en_us"),
            ("zh_cn", "chinese_s"),
            ("zh-CN", "chinese_s"),
            ("zh_tw", "chinese_t"),
            ("zh-Hant", "chinese_t"),
            ("de", "de_de"),
            ("de-AT", "de_de"),
            ("pt", "pt_br"),
            ("jp", "ja"),
            ("ja-JP", "ja"),
            ("en_su", "en_us"),
            ("en-GB", "en_gb"),
            ("engish", "en_us"),
            ("EN_US", "en_us"),
            ("portugese", "pt_pt"),
            ("ko_KR", "ko"),
        ];
        for (k, want) in cases {
            assert_eq!(suggest(k), Some(want), "{k}");
        }
        assert_eq!(suggest("klingon"), None);
        assert_eq!(suggest(""), None);
        assert_eq!(suggest("--"), None);
    }
}
