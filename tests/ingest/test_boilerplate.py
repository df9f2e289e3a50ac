"""Web furniture goes, the article's own sentences stay."""

from __future__ import annotations

from news_warehouse.ingest.boilerplate import strip_boilerplate

ARTICLE = [
    "Le régulateur britannique a infligé une amende de 12,7 millions de livres à TikTok en avril 2023.",
    "Il estime que la plateforme a laissé plus d'un million d'enfants de moins de treize ans s'inscrire sans l'accord de leurs parents.",
    "TikTok a indiqué être en désaccord avec la décision et étudier les suites à lui donner.",
]


def page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def test_button_labels_and_share_bars_are_removed() -> None:
    text = page("Partager", ARTICLE[0], "Facebook Twitter E-mail", "Lire aussi : TikTok interdit sur les téléphones des fonctionnaires", ARTICLE[1], "Imprimer", ARTICLE[2])
    assert strip_boilerplate(text) == page(*ARTICLE)


def test_photo_credit_and_its_caption_are_removed() -> None:
    text = page(ARTICLE[0], "Le siège de TikTok à Londres\nCrédit : Wikimedia", ARTICLE[1], "© AFP", ARTICLE[2], "Photo : Shou Zi Chew au Congrès")
    assert strip_boilerplate(text) == page(*ARTICLE)


def test_donation_appeal_at_the_end_drops_the_rest_of_the_page() -> None:
    tail = [
        "Enregistrer",
        "Soutenez notre rédaction à partir de 1€",
        "Comment pouvez-vous nous aider à vous tenir informés ?",
        "Notre journal ne reçoit aucune aide publique et compte sur ses lecteurs pour continuer à enquêter.",
    ]
    assert strip_boilerplate(page(*ARTICLE, *tail)) == page(*ARTICLE)


def test_comment_form_drops_the_rest_of_the_page() -> None:
    tail = ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Nom", "Site web"]
    assert strip_boilerplate(page(*ARTICLE, *tail)) == page(*ARTICLE)


def test_newsletter_appeal_in_the_middle_is_removed_alone() -> None:
    text = page(ARTICLE[0], "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité tech.", ARTICLE[1], ARTICLE[2])
    assert strip_boilerplate(text) == page(*ARTICLE)


def test_article_sentences_about_the_same_topics_are_kept() -> None:
    own = [
        "Substack, la plateforme de newsletters payantes, a levé 65 millions de dollars en 2021.",
        "Les abonnés de la plateforme peuvent partager les articles sur Facebook ou Twitter, a précisé l'entreprise.",
        "La photo publiée par le ministre a été supprimée, a confirmé son cabinet à l'AFP.",
        "Le réseau social affirme que les utilisateurs doivent pouvoir enregistrer leurs vidéos.",
    ]
    assert strip_boilerplate(page(*own)) == page(*own)


def test_appeal_tail_is_found_when_paragraphs_are_single_lines() -> None:
    text = "\n".join([*ARTICLE, "Faites un don pour soutenir une information libre", "Chaque contribution compte pour notre équipe."])
    assert strip_boilerplate(text) == "\n".join(ARTICLE)
