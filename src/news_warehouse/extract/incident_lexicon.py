"""The trigger lexicon: for each incident type, the French words that report it.

Surface patterns that cover inflections (no lemmatizer runs); what a trigger acts on, whether it is
asserted and who takes part are decided elsewhere (`assertion`, `incidents`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    incident_type: str
    pattern: re.Pattern[str]


def _t(incident_type: str, pattern: str) -> Trigger:
    return Trigger(incident_type, re.compile(pattern, re.IGNORECASE))


APOSTROPHE_CLASS = "['’]"
TRIGGERS: tuple[Trigger, ...] = (
    _t("account_suspension", r"\bbann(?:i|ie|is|ies|it|issent|issement|ir|issait|issaient)\b|\bsuspen(?:du|due|dus|dues|d|dent|dre|sion)\b|"
       r"\bdésactiv(?:é|ée|és|ées|e|ent|er|ation)\b|\bbloqu(?:é|ée|és|ées|e|ent|er|age)\b|\bexclu(?:e|s|es)?\b|\bexpuls|"
       r"\bempêchée?s? de (?:tweeter|publier|poster|diffuser)|\bprivée?s? de (?:son|leur|ses) comptes?|\bpunie?s?\b"),
    _t("account_reinstatement", r"\brétabli|\bréactiv|\bréintégr|\blev(?:er|é|ée|ées|és|ant)? (?:les|la|des|de la|sa|leur) (?:sanctions?|suspension|interdiction|bannissement)|"
       r"\blevée (?:des|de la|du) (?:sanctions?|suspension|interdiction|bannissement)|\bréouverture\b|\brouvert|\bremise? (?:en ligne|sur l['’])|\b(?:récupéré|retrouvé|retrouver|récupérer) (?:son|leur|ses) comptes?|\bdébloqu"),
    _t("content_moderation", r"\bsupprim(?:é|ée|és|ées|e|ent|er|ant|ait|aient)\b|\bsuppression\b|\bretir(?:é|ée|és|ées|e|ent|er|ait)\b|\bmodér(?:é|ée|és|ées|er|ation)\b|"
       r"\bcensur|\bétiquet|\bmasqu(?:é|ée|és|ées|er)\b|\bdéréférenc|\bferm(?:é|ée|és|ées|er|ent|e)\b|\bdémonétis"),
    _t("accusation", rf"\baccus(?:e|ent|ait|aient|ant|é|ée|er)\b|\bdénon(?:ce|cent|çait|cé|çant|cer)\b|\breproch(?:e|ent|é|ait|ant|er)\b|"
       rf"\bs{APOSTROPHE_CLASS}en pren(?:d|nent|ait)\b|\bcollusion\b|\bcomplicité\b|\bcomplices?\b|\bpointe du doigt\b|\bparti pris\b|"
       rf"\bsoupçonn(?:e|ent|ant|ait|aient)\b"),
    _t("public_statement", rf"\b(?:a|ont|avait|avaient) (?:\w+ )?(?:déclaré|affirmé|annoncé|répondu(?! à l{APOSTROPHE_CLASS}appel)|réagi|justifié|déploré|confié|estimé|martelé|ajouté|démenti|assuré|expliqué|"
       rf"reconnu|écrit|précisé|indiqué|souligné|jugé|qualifié|contesté|regretté|rétorqué|confirmé|fait savoir|"
       rf"réaffirmé|insisté|défendu)\b|\b(?:a|ont|avait|avaient) (?:dû|tenu à|voulu|souhaité) (?:préciser|déclarer|"
       rf"affirmer|répondre|réagir|rappeler|assurer|souligner|démentir)\b|\bdément\b|\bs{APOSTROPHE_CLASS}est excusé|"
       rf"\bprésenté? ses excuses\b|(?<=, )(?:confie|explique|estime|déplore|souligne|ajoute|précise|raconte|martèle|justifie|"
       rf"regrette|réagit|commente|affirme|assure|dit)(?:-t-(?:il|elle))?\b|\bdéclar(?:e|ant)\b|\baffirm(?:e|ant)\b|\ben déclarant\b|\bs{APOSTROPHE_CLASS}(?:est|sont) "
       rf"(?:dite?s?|félicitée?s?|engagée?s?|défendue?s?)\b"),
    _t("meeting", rf"\b(?:a|ont|avait|avaient) (?:\w+ )?rencontré|\brencontr(?:e|ent) (?:le|la|les|l{APOSTROPHE_CLASS})|\b(?:eu|tenu|organisé) une (?:\w+ )?réunion|"
       rf"\bréunion (?:avec|entre)|\bdiscussions? (?:avec|entre)|\bdiscuté avec|\bs{APOSTROPHE_CLASS}(?:est|sont) entretenus? avec|\bs{APOSTROPHE_CLASS}(?:est|sont) entretenus?|\bentretien avec|\bsommet (?:avec|entre)"),
    _t("influence_operation", rf"\bdésinformation|\bpropagande|\bingérence|\bs{APOSTROPHE_CLASS}ingérer|\bcampagnes? d{APOSTROPHE_CLASS}influence|\bopérations? d{APOSTROPHE_CLASS}influence|"
       rf"\bmanipulation de l{APOSTROPHE_CLASS}opinion|\bfermes? à trolls|\binfox|\bfaux (?:profils|comptes)\b|\bcomptes? inauthentiques?|\bespionnage\b|"
       rf"\bfausses? informations?\b"),
    _t("sponsored_content", r"\bcontenus? sponsorisés?|\btweets? (?:promotionnels?|sponsorisés?)|\bpublications? sponsorisées?|"
       r"\bpublicités? (?:politiques?|ciblées?|payantes?)|\bespaces? publicitaires?|"
       r"\b(?:financé|acheté|payé|dépensé)[^.]{0,60}\b(?:publicités?|annonces?)|\b(?:publicités?|annonces?)[^.]{0,40}\b(?:financées?|achetées?|payées?)\b|"
       r"\bpublicités?\b|\bspots? (?:publicitaires?|de pub)|\bcampagnes? (?:publicitaires?|de pub)|\bfilm publicitaire|\bannonceurs?\b"),
    _t("investigation", rf"\benquêt(?:e|es|er|ent)\b|\binvestigation|\bprocureur|\binculp|\bmise? en examen|\bprocès\b|\bpoursuites? (?:judiciaires?|contre)|"
       rf"\bpoursuivi|\btribunal|\bporté plainte|\bporter plainte|\bplainte (?:contre|déposée)|\bperquisition|\bauditionné|\bcommission d{APOSTROPHE_CLASS}enquête|"
       rf"\bouvert une information judiciaire|\bsaisi la justice|\bsaisi le procureur|\bordonnance\b|\bcour d{APOSTROPHE_CLASS}appel|\bintenté une (?:procédure|action)|"
       rf"\b(?:attaque|attaqué|poursuit|poursuivent) en justice|\bplainte\b"),
    _t("fine", rf"\bamendes?\b|\bcondamnée?s? à (?:payer|verser|une amende)|\bsanction (?:financière|pécuniaire)|\bsanctionnée?s? (?:en \w+ |le \d+ \w+ )?(?:de|d{APOSTROPHE_CLASS}une amende|à hauteur)|"
       rf"\bpénalités?\b|\bastreinte"),
    _t("data_breach", r"\bfuites? (?:massive )?de données|\bpiratage|\bpiratée?s?\b|\bpirates? (?:informatiques?|ont|avaient)\b|"
       r"\bcomptes? (?:compromis|détournés?|usurpés?)\b|\bpris(?:e)? (?:le )?contrôle (?:de|des|du) (?:\w+ )?comptes?\b|\bcyberattaque|\battaque informatique|\brançongiciel|\bransomware|"
       r"\bhack(?:é|ée|és|ées|ers?|eurs?)\b|\bviolation de données|"
       r"\b(?:récupér|collect|récolt|aspir|siphonn|moissonn)\w*[^.;]{0,40}\bdonnées\b|\bdonnées\b[^.;]{0,60}\b(?:sans (?:leur )?consentement|à leur insu|à l['’]insu)|\bdonnées (?:personnelles )?(?:volées|dérobées|exposées|compromises)|\bexfiltr|\bvol de données"),
    _t("acquisition", r"\brach(?:at|ète|ètent|eté|etée|eter)\b|\bacquisition\b|\ba acquis\b|\bacquérir\b|\bfusion\b|\bprise de contrôle|\bprend le contrôle"),
)
