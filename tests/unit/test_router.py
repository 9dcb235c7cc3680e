"""The router (assistant/router.py) on hand-made turns: the order of its
decisions, without Rasa. Rankings are given as the NLU pipeline would send them."""
from typing import List, Sequence, Tuple

import pytest

from assistant.followups import Context
from assistant.ranker import NOT_COVERED, Ranked
from assistant.report_context import ReportFinding
from assistant.router import Part, Turn, load_router
from tests.unit.replies import kinds


def ranked(*pairs: Tuple[str, float]) -> List[Ranked]:
    return [Ranked(pid, score) for pid, score in pairs]



def passages(reply) -> Sequence[str]:
    return reply.passages


@pytest.fixture(scope="module")
def router():
    return load_router()


def test_urgent_comes_first_whatever_the_classifier_and_ranker_say(router):
    turn = Turn("what is MRD? also my daughter has a fever of 39 right now on chemo", intent="ask_what_is",
                confidence=0.99, findings=["mrd"], ranking=ranked(("mrd_overview", 0.95)))
    assert kinds(router.respond(turn)) == ["urgent", "urgent_detail"]


def test_spanish_emergency_gets_the_spanish_instruction(router):
    reply = router.respond(Turn("mi hijo tiene fiebre de 39 y esta en quimio, que hago"))
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["language"] == "es"
    assert "Llame" in reply.messages[0].text


def test_waiting_after_an_urgent_reply_keeps_the_urgency(router):
    turn = Turn("can i give paracetamol and wait till morning?", intent="ask_dosing", confidence=0.9, last_kind="urgent")
    reply = router.respond(turn)
    assert kinds(reply) == ["urgent"] and "don't wait" in reply.messages[0].text


def test_a_calm_question_after_an_urgent_reply_is_answered(router):
    turn = Turn("what is a lumbar puncture", intent="ask_what_is", confidence=0.9, findings=["lumbar_puncture"],
                ranking=ranked(("test_lumbar_puncture", 0.9)), last_kind="urgent")
    assert passages(router.respond(turn)) == ["test_lumbar_puncture"]


def test_a_confident_ranking_picks_the_passage(router):
    turn = Turn("why do they check his testicles", intent="ask_what_is", confidence=0.4,
                ranking=ranked(("factor_other_sites", 0.9), ("test_lumbar_puncture", 0.6)))
    assert passages(router.respond(turn)) == ["factor_other_sites"]


def test_the_not_covered_class_says_so_and_offers_the_closest(router):
    turn = Turn("what should my son eat during chemo", intent="ask_treatment", confidence=0.5,
                ranking=ranked((NOT_COVERED, 0.95), ("treatment_chemo", 0.5), ("treatment_overview", 0.45)))
    reply = router.respond(turn)
    assert kinds(reply) == ["not_covered"]
    assert "care team" in reply.messages[0].text and len(reply.messages[0].buttons) == 2


def test_not_covered_must_win_clearly(router):
    turn = Turn("will i have to take the pill forever", intent="ask_treatment", confidence=0.5,
                ranking=ranked((NOT_COVERED, 0.62), ("treatment_tki", 0.58)))
    assert passages(router.respond(turn)) == ["treatment_tki"]


def test_gibberish_is_not_understood(router):
    turn = Turn("zzqx blorf wib", intent="goodbye", confidence=0.2, ranking=ranked(("drug_blinatumomab", 0.46)))
    assert kinds(router.respond(turn)) == ["fallback"]


def test_another_leukemia_gets_the_redirect_whatever_it_resembles(router):
    turn = Turn("What are the symptoms of Acute myeloid leukemia ?", intent="ask_symptoms", confidence=0.9,
                ranking=ranked(("symptoms_overview", 0.8)))
    assert kinds(router.respond(turn)) == ["other_cancer"]


@pytest.mark.parametrize("text", ["should we get a second opinion", "does remission mean cured?",
                                  "how worried should we be about KMT2A"])
def test_questions_that_only_sound_like_decisions_are_not_refused(router, text):
    turn = Turn(text, intent="ask_dosing", confidence=0.8, ranking=ranked(("prognosis_overview", 0.6)))
    assert "care_team" not in kinds(router.respond(turn))


@pytest.mark.parametrize("text, decision", [
    ("i missed a dose of the chemo pill, what should i do", "ask_dosing"),
    ("doctor prescribed 50mg, can i give him half tonight?", "ask_dosing"),
    ("can we stop the chemo for a week", "ask_treatment_decision"),
    ("will my daughter survive?", "ask_personal_prognosis"),
])
def test_decisions_go_back_to_the_care_team(router, text, decision):
    reply = router.respond(Turn(text, intent="ask_more", confidence=0.3, ranking=ranked(("treatment_chemo", 0.6))))
    assert reply.messages[0].custom == {"answer_kind": "care_team", "decision": decision}


def test_feelings_alone_get_acknowledgement_support_and_an_offer(router):
    reply = router.respond(Turn("i'm so scared i can't stop shaking", intent="express_feelings", confidence=0.8,
                                ranking=ranked(("ball_overview", 0.3))))
    (message,) = reply.messages
    assert message.custom == {"answer_kind": "feelings", "feeling": "fear"}
    ack, support, offer = message.text.split("\n\n")
    assert "scared" in ack and "social worker" in support and "explain" in offer and message.buttons


def test_guilt_gets_the_articles_facts_too(router):
    reply = router.respond(Turn("did i cause this? i gave her juice every day", intent="ask_causes", confidence=0.8,
                                ranking=ranked(("causes_overview", 0.8))))
    assert reply.messages[0].custom["feeling"] == "guilt"
    assert reply.passages == ["causes_overview", "contagious_preventable"]  # the question, then nothing could prevent it


def test_guilt_with_a_question_about_something_else_gets_its_answer_after_the_acknowledgement(router):
    reply = router.respond(Turn("did i miss something? she said her legs hurt for weeks and i thought growing pains",
                                intent="ask_symptoms", confidence=0.8, ranking=ranked(("symptom_bone_pain", 0.8))))
    assert [m.custom.get("feeling") for m in reply.messages][:1] == ["guilt"]
    assert reply.passages == ["symptom_bone_pain", "contagious_preventable"]


def test_guilt_alone_gets_the_facts_that_nothing_could_prevent_it(router):
    reply = router.respond(Turn("its my fault", intent="express_feelings", confidence=0.8, ranking=ranked(("causes_overview", 0.3))))
    assert reply.messages[0].custom["passage_id"] == "contagious_preventable"


def test_a_feeling_with_a_question_is_acknowledged_then_answered(router):
    turn = Turn("im terrified. what does mrd positive mean", intent="ask_what_is", confidence=0.9, findings=["mrd"],
                ranking=ranked(("mrd_overview", 0.9)))
    reply = router.respond(turn)
    assert kinds(reply) == ["feelings", "passage"] and passages(reply) == ["mrd_overview"]


def test_several_questions_are_each_answered(router):
    parts = [Part("what is mrd?", ["mrd"], ranked(("mrd_overview", 0.9))),
             Part("is it contagious?", [], ranked(("contagious_preventable", 0.8))),
             Part("how is it treated?", [], ranked(("treatment_overview", 0.8)))]
    reply = router.respond(Turn("what is mrd? is it contagious? how is it treated?", parts=parts,
                                ranking=ranked(("mrd_overview", 0.7))))
    assert passages(reply) == ["mrd_overview", "contagious_preventable", "treatment_overview"]


def test_more_than_three_questions_offers_the_rest_as_buttons(router):
    parts = [Part(text, [], ranked((pid, 0.9))) for text, pid in
             [("what is mrd?", "mrd_overview"), ("is it contagious?", "contagious_preventable"),
              ("how is it treated?", "treatment_overview"), ("what is fish?", "test_fish")]]
    reply = router.respond(Turn("four questions", parts=parts, ranking=ranked(("mrd_overview", 0.7))))
    assert kinds(reply)[-1] == "multi_rest" and "test_fish" in reply.offered


def test_is_that_good_or_bad_after_a_finding_gives_its_outlook(router):
    turn = Turn("is that good or bad?", intent="ask_prognosis", confidence=0.9,
                ranking=ranked((NOT_COVERED, 0.4), ("prognosis_overview", 0.35)),
                context=Context(topic="gene_etv6_runx1", finding="etv6_runx1"))
    # the gene's own passage states its outlook
    assert passages(router.respond(turn)) == ["gene_etv6_runx1"]
    turn.context = Context(topic="marker_cd19", finding="cd19")
    assert "CD19" in router.respond(turn).messages[0].text


def test_is_that_bad_after_a_gene_frames_it_in_a_line_instead_of_repeating_its_passage(router):
    turn = Turn("is that good or bad?", intent="ask_prognosis", confidence=0.9,
                ranking=ranked((NOT_COVERED, 0.4), ("prognosis_overview", 0.35)),
                context=Context(topic="gene_kmt2a", finding="kmt2a"))
    reply = router.respond(turn)
    assert passages(reply) == ["gene_kmt2a"] and kinds(reply) == ["care_team"]
    text = reply.messages[0].text
    assert "KMT2A" in text and "higher risk" in text and "care team" in text
    assert text != router.respond(Turn("what does a kmt2a rearrangement mean", intent="ask_what_is", confidence=0.9,
                                       findings=["kmt2a"], ranking=ranked(("gene_kmt2a", 0.9)))).messages[0].text


def test_is_that_bad_after_mrd_gives_the_articles_framing_then_the_care_team(router):
    turn = Turn("is that bad??", intent="ask_prognosis", confidence=0.9, ranking=ranked((NOT_COVERED, 0.4)),
                context=Context(topic="mrd_overview", finding="mrd"))
    reply = router.respond(turn)
    assert passages(reply) == ["mrd_relapse"] and kinds(reply) == ["passage", "care_team"]


def test_a_dose_question_is_still_refused_when_a_framing_is_given(router):
    turn = Turn("is that bad? should we lower her dose", intent="ask_prognosis", confidence=0.9,
                ranking=ranked((NOT_COVERED, 0.4)), context=Context(topic="mrd_overview", finding="mrd"))
    reply = router.respond(turn)
    assert any(m.custom.get("decision") for m in reply.messages)
    assert sum(1 for m in reply.messages if m.custom.get("answer_kind") == "care_team") == 1


def test_a_marker_asked_is_that_bad_gets_the_articles_silence_not_the_outlook_page(router):
    turn = Turn("bad?", intent="ask_prognosis", confidence=0.24, ranking=ranked((NOT_COVERED, 0.55)),
                context=Context(topic="marker_tdt", finding="tdt"))
    reply = router.respond(turn)
    assert passages(reply) == ["marker_tdt"] and "does not say" in reply.messages[0].text


def test_a_finding_named_after_an_outlook_question_is_explained_not_refused(router):
    # "pax5" right after "bad?": no outlook link for a marker, so its framing, never "no specific answer"
    turn = Turn("pax5", intent="ask_what_about", confidence=0.56, findings=["pax5"],
                ranking=ranked(("marker_pax5", 1.49)), context=Context("marker_tdt", "tdt", "prognosis"))
    assert passages(router.respond(turn)) == ["marker_pax5"]


def test_what_now_asks_for_the_next_step_of_the_topic(router):
    turn = Turn("so what do we do now", intent="out_of_scope", confidence=0.34,
                ranking=ranked((NOT_COVERED, 0.52), ("care_team", 0.35)), context=Context("mrd_overview", "mrd"))
    assert passages(router.respond(turn)) == ["mrd_treatment"]
    turn = Turn("what now?", intent="ask_more", confidence=0.4, ranking=ranked((NOT_COVERED, 0.3)),
                context=Context("ball_overview", "b_all"))
    assert passages(router.respond(turn)) == ["treatment_overview"]


def test_spanish_what_now_and_a_blessing_read_right():
    router = load_router("es")
    turn = Turn("¿y ahora qué?", intent="non_english", confidence=1.0, ranking=ranked((NOT_COVERED, 0.22)),
                context=Context("ball_overview", "b_all"))
    assert passages(router.respond(turn)) == ["treatment_overview"]
    thanks = Turn("Muchísimas gracias por su paciencia. Que Dios la bendiga. Hasta luego.", intent="non_english",
                  confidence=1.0, ranking=ranked(("test_ngs", 0.24)))
    assert kinds(router.respond(thanks)) == ["thanks"]


def test_is_that_good_or_bad_after_a_pasted_report_frames_each_finding(router):
    report = [ReportFinding("etv6_runx1", "ETV6::RUNX1", "positive"), ReportFinding("cd19", "CD19", "positive")]
    reply = router.respond(Turn("is that good or bad?", intent="ask_prognosis", confidence=0.9,
                                ranking=ranked((NOT_COVERED, 0.4)), report=report))
    assert "gene_etv6_runx1" in passages(reply) and kinds(reply)[-1] == "care_team"


def test_summary_lists_the_topics_discussed(router):
    reply = router.respond(Turn("can you summarize what we talked about", discussed=["marker_cd19", "mrd_overview"]))
    assert kinds(reply) == ["summary"] and "CD19" in reply.messages[0].text and "MRD" in reply.messages[0].text


def test_summarize_a_topic_is_a_question_not_a_recap(router):
    turn = Turn("summarize what b-all is for my kids", intent="ask_what_is", confidence=0.8, findings=["b_all"],
                ranking=ranked(("ball_overview", 0.9)))
    assert passages(router.respond(turn)) == ["ball_overview"]


def test_the_first_one_and_the_other_two_point_at_what_was_offered(router):
    offered = ["gene_kmt2a", "mrd_overview", "marker_cd19"]
    first = router.respond(Turn("what about the first one", offered=offered))
    assert passages(first) == ["gene_kmt2a"]
    others = router.respond(Turn("and the other two", offered=offered, context=Context(topic="gene_kmt2a")))
    assert passages(others) == ["mrd_overview", "marker_cd19"]


@pytest.mark.parametrize("text", ["thanks so much", "ok got it", "thank you for being honest"])
def test_thanks_and_acknowledgements(router, text):
    assert kinds(router.respond(Turn(text, ranking=ranked(("doctor_questions", 0.5))))) == ["thanks"]


def test_a_negated_relief_is_not_thanks(router):
    reply = router.respond(Turn("that doesnt make me feel better", ranking=ranked((NOT_COVERED, 0.5))))
    assert kinds(reply)[0] == "feelings"


def test_misspelt_english_gets_no_language_note(router):
    turn = Turn("wat is philadelfia cromosome", intent="ask_what_is", confidence=0.8, findings=["bcr_abl1"],
                ranking=ranked(("gene_bcr_abl1", 0.9)))
    assert passages(router.respond(turn)) == ["gene_bcr_abl1"]


def test_a_quoted_report_piece_with_two_results_is_read_as_a_report(router):
    reply = router.respond(Turn('it says "CD19 positive, CD10 positive" what does that mean?'))
    assert kinds(reply)[0] == "report"


def test_a_question_naming_two_results_is_a_question(router):
    turn = Turn("might be philadelphia like but not philadelphia? what is ph-like", intent="ask_what_is",
                confidence=0.8, findings=["ph_like", "bcr_abl1"], ranking=ranked(("gene_ph_like", 0.9)))
    assert passages(router.respond(turn)) == ["gene_ph_like"]


@pytest.mark.parametrize("text, intents", [
    ("what is MRD? and how much prednisone should she take?", ["ask_what_is", "ask_dosing"]),
    ("CD19+, CD10+, TdT+. how much prednisone should she take?", ["explain_report", "ask_dosing"]),
    ("thanks. we decided to stop her treatment", ["thank"]),
    ("I'm so worried, I'm thinking of stopping his treatment", ["express_feelings"]),
    ("did I miss a dose? is it my fault", ["ask_dosing"]),
])
def test_a_care_team_decision_is_never_lost(router, text, intents):
    reply = router.respond(Turn(text, intent=intents[0], confidence=0.6, intents=intents,
                                ranking=ranked(("mrd_overview", 0.6))))
    assert "care_team" in kinds(reply)


def test_ranked_ids_the_content_does_not_know_are_ignored(router):
    turn = Turn("what is mrd", intent="ask_what_is", confidence=0.9, findings=["mrd"],
                ranking=ranked(("retired_passage", 0.99), ("mrd_overview", 0.8)))
    assert passages(router.respond(turn)) == ["mrd_overview"]


@pytest.mark.parametrize("text", ["is CD19 alone enough to diagnose?", "what does isolated CNS relapse mean?"])
def test_words_that_only_look_like_feelings(router, text):
    reply = router.respond(Turn(text, intent="ask_what_is", confidence=0.8, ranking=ranked(("marker_cd19", 0.8))))
    assert "feelings" not in kinds(reply)


def test_feeling_and_when_to_go_to_the_er(router):
    reply = router.respond(Turn("I'm so scared, when should we go to the ER?", intent="ask_urgent_info", confidence=0.8,
                                ranking=ranked(("symptoms_overview", 0.5))))
    assert kinds(reply) == ["feelings", "urgent_info"]
    fever = router.respond(Turn("what if she gets a fever at home? what temperature counts", intent="ask_urgent_info",
                                confidence=0.8))
    assert kinds(fever) == ["urgent_info", "care_team"]  # (their own team's fever plan too)
    general = router.respond(Turn("when should someone on chemo go to the ER for a fever?", intent="ask_urgent_info",
                                  confidence=0.8))
    assert kinds(general) == ["urgent_info"]


@pytest.mark.parametrize("text", ["FISH: IKZF1 deletion detected.", "del(9p) on the karyotype, what is it",
                                  "My daughter Jane, MRN 123456, born 4 March 2015"])
def test_report_words_and_identifiers_never_delete(router, text):
    reply = router.respond(Turn(text, intent="delete_conversation", confidence=0.9))
    assert reply.followup is None and "delete_confirm" not in kinds(reply)


def test_deletion_is_asked_then_confirmed(router):
    asked = router.respond(Turn("please delete this conversation", intent="delete_conversation", confidence=0.9))
    assert kinds(asked) == ["delete_confirm"] and asked.messages[0].buttons[0]["payload"] == "/delete_conversation"
    confirmed = router.respond(Turn("/delete_conversation", intent="delete_conversation", confidence=1.0,
                                    last_kind="delete_confirm"))
    assert confirmed.followup == "action_delete_conversation"
    typed = router.respond(Turn("yes", intent="greet", confidence=0.4, last_kind="delete_confirm"))
    assert typed.followup == "action_delete_conversation"


def test_a_delete_button_without_the_question_deletes_nothing(router):
    reply = router.respond(Turn("/delete_conversation", intent="delete_conversation", confidence=1.0))
    assert reply.followup is None and kinds(reply) == ["delete_nothing"]


def test_anything_else_after_the_question_keeps_the_conversation(router):
    reply = router.respond(Turn("actually no, what is mrd", intent="ask_what_is", confidence=0.9, findings=["mrd"],
                                ranking=ranked(("mrd_overview", 0.9)), last_kind="delete_confirm"))
    assert reply.followup is None and passages(reply) == ["mrd_overview"]


# ---------------------------------------------------------------- found by blind set C (after its measurement)
@pytest.mark.parametrize("text, category", [
    ("my son is shaking all over and not answering me hes in treatment for ALL who do i call", "seizure"),
    ("honestly i dont see the point anymore. it came back. i've been thinking about just taking all my pills "
     "at once and being done", "self_harm"),
    ("my son cant breathe and i cant breathe either im so scared", "breathing"),
    # set K: emphasis and duration words do not hide an emergency
    ("my daughter 5 on induction chemo wont really wake up, opens her eyes then goes right back", "fainting"),
    ("gums bleeding all day and tiny red dots all over my legs, on chemo for b-all, platelets were 9 yesterday",
     "bleeding"),
])
def test_emergencies_written_in_other_words_are_urgent(router, text, category):
    reply = router.respond(Turn(text))
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["urgent"] == category


def test_a_figurative_cant_breathe_is_a_feeling_with_a_note(router):
    reply = router.respond(Turn("i keep googling and reading horror stories about b-all and i cant breathe",
                                intent="express_fear", confidence=0.8))
    assert "urgent" not in kinds(reply) and kinds(reply)[0] == "safety_note"


def test_the_next_question_after_an_urgent_reply_keeps_going_to_care_first_once(router):
    turn = Turn("ok we're in the car. is this from the leukemia or the chemo?", intent="ask_why", confidence=0.7,
                ranking=ranked(("treatment_chemo", 0.6)), last_kind="urgent")
    reply = router.respond(turn)
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["urgent"] == "reminder"
    assert reply.last_kind == "urgent_reminded"
    again = router.respond(Turn("what is chemo", intent="ask_what_is", confidence=0.9,
                                ranking=ranked(("treatment_chemo", 0.9)), last_kind=reply.last_kind))
    assert "urgent" not in kinds(again)


def test_is_it_still_needed_after_an_urgent_reply_keeps_the_urgency(router):
    reply = router.respond(Turn("its slowing down now, do we still need to go", last_kind="urgent"))
    assert kinds(reply) == ["urgent"] and "don't wait" in reply.messages[0].text


def test_another_cancer_in_the_history_of_someone_with_all_is_not_redirected(router):
    turn = Turn("I had radiation for breast cancer 8 years ago and now I have ALL. Did the radiation cause it?",
                intent="ask_why", confidence=0.6, findings=["b_all", "radiation"],
                ranking=ranked(("risk_radiation", 0.9)))
    assert passages(router.respond(turn)) == ["risk_radiation"]


def test_another_leukemia_alone_is_still_redirected(router):
    turn = Turn("What are the treatments for Adult Acute Myeloid Leukemia ?", intent="ask_what_is", confidence=0.6,
                findings=["b_all"], ranking=ranked(("treatment_overview", 0.6)))
    assert kinds(router.respond(turn))[0] == "other_cancer"


@pytest.mark.parametrize("text", [
    "im on chemo and i cant breathe, im scared", "i cannot breathe, i am scared, help",
    "my oxygen reading is 88 and i cant breathe", "i was diagnosed with ALL last month and now i cant breathe",
    "i'm anxious. i can't breathe. i'm coughing and feverish",
])
def test_i_cant_breathe_from_a_patient_stays_an_emergency(router, text):
    assert kinds(router.respond(Turn(text)))[0] == "urgent"


def test_i_cant_breathe_right_after_an_urgent_reply_is_never_a_figure_of_speech(router):
    reply = router.respond(Turn("i keep googling horror stories and i cant breathe", last_kind="urgent"))
    assert kinds(reply)[0] == "urgent"


@pytest.mark.parametrize("text", [
    "when will he just be done with treatment?", "i dont see the point of maintenance chemo if MRD is negative",
    "should we end things with this hospital and switch?", "is it ok to take all my pills at once in the morning or spread out?",
    "the clinic is not answering me, who else can explain the report?", "my oncologist wont respond to me about the MRD result",
    "his hands are shaking all over after vincristine, is that normal?",
])
def test_calm_questions_with_alarm_words_raise_no_alarm(router, text):
    assert "urgent" not in kinds(router.respond(Turn(text)))


@pytest.mark.parametrize("text", ["What is the treatment for T-ALL?", "My son was diagnosed with T-ALL, what is the survival rate?"])
def test_t_all_is_still_another_leukemia(router, text):
    turn = Turn(text, intent="ask_what_is", confidence=0.6, findings=["b_all"], ranking=ranked(("treatment_overview", 0.6)))
    assert kinds(router.respond(turn))[0] == "other_cancer"


def test_an_everyday_topic_the_source_never_covers_says_so(router):
    turn = Turn("when can he go back to school?", intent="ask_treatment", confidence=0.5,
                ranking=ranked(("treatment_chemo", 0.6), ("q_phases_duration", 0.55)))
    reply = router.respond(turn)
    assert kinds(reply) == ["not_covered"] and len(reply.messages[0].buttons) == 2
    # matched exactly: "pero" is not "perro", "balls" is not "bills"
    calm = Turn("the doctor checked my balls?? why would leukemia be there", intent="ask_what_is", confidence=0.5,
                ranking=ranked(("factor_other_sites", 0.7)))
    assert passages(router.respond(calm)) == ["factor_other_sites"]
    spanish = load_router("es").respond(Turn("ya se le cae el pelo y llora mucho. tenemos un perro, lo tenemos que regalar?",
                                             ranking=ranked(("symptom_infections", 0.3))))
    # (the hair falling out is a side effect: that redirect says it too)
    assert kinds(spanish)[0] == "feelings" and kinds(spanish)[-1] in ("not_covered", "side_effects")


def test_after_a_crisis_message_the_next_one_keeps_the_crisis_line_first(router):
    crisis = router.respond(Turn("honestly sometimes i think it would be better if i wasnt here"))
    assert kinds(crisis)[0] == "urgent" and crisis.last_kind == "urgent_crisis"
    calm = Turn("i wont do anything, i am just so tired of everything and i feel so alone with all of this",
                last_kind=crisis.last_kind, ranking=ranked((NOT_COVERED, 0.4)))
    reply = router.respond(calm)
    assert kinds(reply)[0] == "urgent" and "988" in reply.messages[0].text and reply.last_kind == "urgent_crisis"
    asks = router.respond(Turn("what is mrd?", last_kind="urgent_crisis", ranking=ranked(("mrd_overview", 0.9))))
    assert kinds(asks)[0] == "urgent" and passages(asks) == ["mrd_overview"] and asks.last_kind == "urgent_reminded"
    spanish = load_router("es").respond(Turn("ok... voy a escribirle al 988", last_kind="urgent_crisis"))
    assert kinds(spanish) == ["urgent"] and "988" in spanish.messages[0].text


def test_a_fever_reply_is_not_remembered_as_a_crisis(router):
    assert router.respond(Turn("my son has a fever of 39 and he is on chemo")).last_kind == "urgent"


def test_what_if_it_doesnt_work_gets_the_treatment_for_leukemia_that_comes_back(router):
    turn = Turn("and what if it doesn't work", intent="ask_more", confidence=0.4,
                ranking=ranked((NOT_COVERED, 0.5), ("drug_blinatumomab", 0.45)), context=Context("treatment_chemo"))
    assert passages(router.respond(turn)) == ["treatment_car_t"]
    spanish = load_router("es").respond(Turn("y si no funciona?", ranking=ranked((NOT_COVERED, 0.4))))
    assert passages(spanish) == ["treatment_car_t"]


def test_what_now_at_the_start_is_the_treatment_overview_not_a_shrug():
    reply = load_router("es").respond(Turn("¿y ahora qué?", ranking=ranked((NOT_COVERED, 0.22))))
    assert passages(reply) == ["treatment_overview"]


def test_a_list_of_tests_at_the_end_of_a_longer_question_is_each_explained(router):
    text = "they sent her marrow for FISH, PCR and 'NGS'. what is each one, why three tests, and which result matters most?"
    turn = Turn(text, intent="ask_genetics", confidence=0.72, findings=["bone_marrow", "fish", "pcr", "ngs"],
                ranking=ranked(("test_bone_marrow", 0.83), ("test_fish", 0.75)))
    assert passages(router.respond(turn)) == ["test_fish", "test_pcr", "test_ngs"]


@pytest.mark.parametrize("text", [
    "the report says 'CSF: no blasts identified'. is that good?",
    'it says "FISH: ETV6::RUNX1 fusion detected in 84% of nuclei" what does that mean',
])
def test_a_quoted_report_line_is_read_out_with_its_result(router, text):
    reply = router.respond(Turn(text, intent="ask_what_is", confidence=0.6, ranking=ranked(("test_fish", 0.5))))
    assert kinds(reply)[0] == "report"


def test_a_short_quoted_finding_is_a_question_about_it(router):
    reply = router.respond(Turn("what does 'CD19 positive' mean?", intent="ask_what_is", confidence=0.9, findings=["cd19"],
                                ranking=ranked(("marker_cd19", 0.9))))
    assert passages(reply) == ["marker_cd19"] and "report" not in kinds(reply)


def test_is_that_bad_with_nothing_in_the_article_says_so_and_points_to_the_care_team(router):
    turn = Turn("is that bad?", intent="ask_prognosis", confidence=0.9, ranking=ranked((NOT_COVERED, 0.4)),
                context=Context(topic="test_ngs", finding="ngs"))
    reply = router.respond(turn)
    assert kinds(reply) == ["care_team"] and "does not say" in reply.messages[0].text
    assert "no specific" not in reply.messages[0].text.lower()


def test_a_long_statement_during_an_emergency_gets_the_keep_going_reminder_first(router):
    turn = Turn("ok we called 911 they're coming. my mom is crying and says it's her fault for letting him play outside",
                intent="express_feelings", confidence=0.8, ranking=ranked((NOT_COVERED, 0.3)), last_kind="urgent")
    reply = router.respond(turn)
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom.get("urgent") == "reminder"
    assert len(reply.messages) > 1


# ---------------------------------------------------------------- found by blind set K (after its measurement)
@pytest.mark.parametrize("text", [
    "we just started treatment. what should we do if she gets a fever at home",
    "My son's blood count came back strange and it all feels like so much at once. How is B-ALL diagnosed?",
    "I got confused all over again. What is Ph-like B-ALL?",
])
def test_a_plan_for_a_fever_and_words_that_look_like_alarms_raise_none(router, text):
    assert "urgent" not in kinds(router.respond(Turn(text)))


@pytest.mark.parametrize("language, text, said", [
    ("en", "ok they are coming. what do i tell them", "leukemia"),
    ("es", "ya viene la ambulancia, que les digo?", "leucemia"),
])
def test_what_to_tell_the_responders_during_an_emergency(language, text, said):
    for last_kind in ("urgent", "urgent_reminded"):
        reply = load_router(language).respond(Turn(text, last_kind=last_kind))
        assert kinds(reply) == ["urgent"] and said in reply.messages[0].text
        assert reply.messages[0].custom["urgent"] == "responders"


@pytest.mark.parametrize("language, text, decision", [
    ("en", "can it wait till clinic next week", "ask_can_it_wait"),
    ("es", "puede esperar a la cita del lunes?", "ask_can_it_wait"),
    ("en", "could we skip a month or two for a family trip", "ask_treatment_decision"),
])
def test_waiting_for_clinic_and_skipping_a_month_belong_to_the_care_team(language, text, decision):
    reply = load_router(language).respond(Turn(text, ranking=ranked(("contagious_preventable", 0.5))))
    assert kinds(reply) == ["care_team"] and reply.messages[0].custom["decision"] == decision


@pytest.mark.parametrize("text, passage", [
    ("does he need radiation to his head", "treatment_cns"),
    ("so will she get imatinib", "treatment_tki"),
])
def test_a_question_about_the_persons_own_plan_gets_the_passage_then_the_care_team(router, text, passage):
    reply = router.respond(Turn(text, ranking=ranked((passage, 0.7))))
    assert kinds(reply) == ["passage", "care_team"] and passages(reply) == [passage]


def test_a_general_question_about_a_treatment_gets_no_care_team_line(router):
    reply = router.respond(Turn("what is imatinib", ranking=ranked(("treatment_tki", 0.7))))
    assert kinds(reply) == ["passage"]


def test_harming_oneself_said_in_spanish_another_way_is_a_crisis():
    reply = load_router("es").respond(Turn("estoy cansado de todo esto, me quiero hacer daño"))
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["urgent"] == "self_harm"


def test_is_he_cured_right_after_a_finding_gets_that_finding_then_the_care_team(router):
    reply = router.respond(Turn("so hes cured", intent="ask_personal_prognosis", confidence=0.9,
                                context=Context(topic="mrd_negative", finding="mrd_negative", facet="what_is")))
    assert passages(reply)[:1] == ["mrd_negative"] and "care_team" in kinds(reply)


def test_what_can_we_do_about_a_finding_with_no_treatment_link_gets_how_treatment_is_planned(router):
    reply = router.respond(Turn("what can we even do about it",
                                context=Context(topic="gene_hypodiploidy", finding="hypodiploidy", facet="what_is")))
    assert passages(reply) == ["treatment_overview"] and kinds(reply) == ["passage", "care_team"]


@pytest.mark.parametrize("language, text", [("es", "hola mi hijo tiene leucemia"), ("en", "my son has leukemia")])
def test_telling_the_diagnosis_is_not_asking_for_one(language, text):
    reply = load_router(language).respond(Turn(text, intent="ask_diagnose_me", confidence=0.9, intents=["ask_diagnose_me"]))
    assert not any(m.custom.get("decision") == "ask_diagnose_me" for m in reply.messages)


def test_regret_at_not_going_sooner_in_spanish_is_guilt():
    reply = load_router("es").respond(Turn("me siento mal por no llevarlo antes, si lo hubiera llevado antes estaria mejor?",
                                           ranking=ranked(("why_symptoms", 0.5))))
    assert kinds(reply)[0] == "feelings" and reply.messages[0].custom.get("feeling") == "guilt"


@pytest.mark.parametrize("language, text, intent", [
    ("en", "how much does all this cost? our insurance has a 10k out of pocket max and i just lost my job", "ask_dosing"),
    ("es", "cuanto cuesta la quimio?", "ask_dosing"),
    ("en", "she asked us tonight if she is going to die. what do we even say", "ask_personal_prognosis"),
])
def test_costs_and_a_childs_question_retold_are_not_dose_or_outlook_requests(language, text, intent):
    reply = load_router(language).respond(Turn(text, intent=intent, confidence=0.9, intents=[intent]))
    assert not any(m.custom.get("decision") for m in reply.messages)


@pytest.mark.parametrize("language, text", [("en", "and positive?"), ("es", "y positivo?")])
def test_and_positive_after_mrd_asks_what_a_positive_result_means(language, text):
    reply = load_router(language).respond(Turn(text, context=Context(topic="mrd_overview", finding="mrd", facet="what_is"),
                                               ranking=ranked(("marker_tdt", 0.5))))
    assert passages(reply) == ["mrd_relapse"] and "care_team" in kinds(reply)


def test_a_spanish_question_about_ones_own_transplant_gets_the_care_team_line():
    reply = load_router("es").respond(Turn("ok. y el trasplante de medula, me lo van a tener que hacer?",
                                           ranking=ranked(("treatment_transplant", 0.6))))
    assert kinds(reply) == ["passage", "care_team"]


def test_thanks_outweighs_a_feeling_only_the_classifier_reads(router):
    reply = router.respond(Turn("ok i understand more now thank you", intent="express_feelings", confidence=0.7))
    assert kinds(reply) == ["thanks"]


@pytest.mark.parametrize("language, text, kind", [
    ("en", "huh. actually kinda interesting. bye", "goodbye"),
    ("es", "muy interesante todo. nos vemos", "goodbye"),
    ("en", "what is mrd? bye", "not goodbye"),
])
def test_a_message_that_ends_with_a_goodbye_says_goodbye(language, text, kind):
    got = kinds(load_router(language).respond(Turn(text)))
    assert (got == ["goodbye"]) is (kind == "goodbye")


@pytest.mark.parametrize("text, decided", [
    ("mi hijo tiene leucemia. ke es", False),
    ("¿mi hijo tiene leucemia?", True),
    ("creo que mi hijo tiene leucemia", True),
    ("podria tener leucemia mi hija?", True),
])
def test_only_doubt_asks_for_a_diagnosis_in_spanish(text, decided):
    reply = load_router("es").respond(Turn(text, intent="ask_diagnose_me", confidence=0.8, intents=["ask_diagnose_me"],
                                           ranking=ranked(("ball_overview", 0.5))))
    assert any(m.custom.get("decision") == "ask_diagnose_me" for m in reply.messages) is decided


@pytest.mark.parametrize("text", ["so double bad news", "ok so one good one bad. ugh", "so hes screwed"])
def test_a_reaction_to_a_finding_gets_its_framing_and_the_care_team_not_a_not_covered(router, text):
    reply = router.respond(Turn(text, context=Context(topic="gene_kmt2a", finding="kmt2a", facet="what_is"),
                                ranking=ranked((NOT_COVERED, 0.6))))
    assert "care_team" in kinds(reply) and "not_covered" not in kinds(reply)


def test_how_long_do_i_have_to_do_this_is_not_asking_for_a_diagnosis(router):
    reply = router.respond(Turn("so i have leukemia. cool. great. how long do i have to do this", intent="ask_diagnose_me",
                                confidence=0.7, intents=["ask_diagnose_me"], ranking=ranked(("q_phases_duration", 0.7))))
    assert passages(reply) == ["q_phases_duration"]


# ---------------------------------------------------------------- found by blind set L (after its measurement)
def test_a_temperature_that_spiked_during_treatment_is_urgent(router):
    reply = router.respond(Turn("update she just spiked 38.4"))
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["urgent"] == "fever"


def test_asking_what_temperature_counts_gets_when_to_call_not_an_alarm(router):
    reply = router.respond(Turn("we go home friday after induction. what if she gets a fever at home? what temperature counts"))
    assert kinds(reply)[0] == "urgent_info"


@pytest.mark.parametrize("language, text", [
    ("en", "in english please, i want to send this to my husband he doesnt read spanish well"),
    ("es", "en español por favor, es para mi mama"),
])
def test_switching_language_after_an_answer_gives_that_answer_again_in_the_new_language(language, text):
    reply = load_router(language).respond(Turn(text, context=Context(topic="mrd_overview", finding="mrd", facet="what_is")))
    assert kinds(reply) == ["language_switched", "passage"] and passages(reply) == ["mrd_overview"]


def test_money_words_never_outweigh_a_missed_dose(router):
    reply = router.respond(Turn("we couldnt afford the copay so he missed a dose, should i give him two tomorrow?",
                                intent="ask_dosing", confidence=0.8, intents=["ask_dosing"]))
    assert any(m.custom.get("decision") == "ask_dosing" for m in reply.messages)


def test_waiting_keeps_the_urgency_even_when_asking_what_to_tell_them(router):
    reply = router.respond(Turn("should we bring him in or wait until tomorrow? what do i tell them", last_kind="urgent"))
    assert reply.messages[0].custom["urgent"] == "followup"


def test_a_greeting_that_ends_in_buenas_noches_greets():
    reply = load_router("es").respond(Turn("Hola, buenas noches", intent="greet", confidence=0.9))
    assert kinds(reply) != ["goodbye"]


def test_waiting_for_clinic_told_as_a_fact_is_not_a_question_to_the_care_team(router):
    reply = router.respond(Turn("we have to wait till clinic next week for the results. what does MRD mean?",
                                findings=["mrd"], ranking=ranked(("mrd_overview", 0.8))))
    assert passages(reply) == ["mrd_overview"]
