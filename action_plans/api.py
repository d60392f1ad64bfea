"""
Action plans under /api/v1/plans/ (issue 13): plans, their actions, progress updates and review
comments, and the workflow's steps as explicit POSTs, through the same selectors, `rules`
permissions and services as the pages.

- Who may know a plan exists is `selectors.plan_get_for_user` (another force's draft is a 404);
  what they may do with it is the page's permission (`action_plans.change_plan`, `sign_off_plan`,
  `review_plan`, `post_progress`; 403 otherwise); what the plan's state allows is the service's
  DomainError (409).
- Updates (PATCH) need If-Match with the object's ETag (428 without, 412 when stale). Workflow
  steps take If-Match too, checked when sent. Posting a progress update takes an Idempotency-Key.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import idempotent
from common.api import (
    CursorPagination,
    IdFilter,
    RelatedCodes,
    UpdatedSinceFilter,
    check_if_match,
    etag_for,
    refuse_unknown_parameters,
    require_if_match,
)
from frameworks.models import FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic

from . import selectors, services
from .models import ActionPlan, LocalAction, ProgressUpdate, ReviewComment

VIEW = "action_plans.view_plan"
CHANGE = "action_plans.change_plan"
SIGN_OFF = "action_plans.sign_off_plan"
REVIEW = "action_plans.review_plan"
PROGRESS = "action_plans.post_progress"

IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                            description="The ETag of the object as you read it.")
IF_MATCH_OPTIONAL = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                                     description="Optional: the plan's ETag; the step is refused (412) if it changed.")
IDEMPOTENCY_KEY = OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                                   description="A unique key per update: a retry with it creates nothing more.")


def plan_etag(plan: ActionPlan) -> str:
    return etag_for("plan", plan.pk, plan.updated_at.isoformat(), plan.status)


def action_etag(action: LocalAction) -> str:
    return etag_for("action", action.pk, action.lock_version)


def comment_etag(comment: ReviewComment) -> str:
    return etag_for("comment", comment.pk, comment.responded_at.isoformat() if comment.responded_at else "")


# --- Serializers -------------------------------------------------------------------------------------

class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    framework = serializers.CharField(source="framework.slug")
    framework_version = serializers.CharField(source="framework.version")


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    force = serializers.CharField(source="force.code")
    force_name = serializers.CharField(source="force.name")
    round = RoundSerializer()
    revision = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ActionPlan.Status.choices)
    lead_chief_officer = serializers.CharField()
    foreword = serializers.CharField()
    signed_off_name = serializers.CharField()
    signed_off_rank = serializers.CharField()
    signed_off_on = serializers.DateField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    is_late = serializers.BooleanField()
    approved_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PlanDetailsSerializer(serializers.Serializer):
    lead_chief_officer = serializers.CharField(max_length=150, allow_blank=True)
    foreword = serializers.CharField(max_length=20000, allow_blank=True)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    pillar = serializers.CharField(source="pillar.code")
    outcome = serializers.CharField(source="outcome.code", allow_null=True, default=None)
    framework_actions = RelatedCodes()
    tools = RelatedCodes("slug")
    owner_team = serializers.CharField()
    lead_officer = serializers.CharField()
    partners = serializers.CharField()
    start_on = serializers.DateField(allow_null=True)
    target_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=LocalAction.Status.choices)
    rag = serializers.ChoiceField(choices=LocalAction.Rag.choices, allow_blank=True)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    success_measure = serializers.CharField()
    priority = serializers.ChoiceField(choices=LocalAction.Priority.choices)
    needs_review = serializers.BooleanField()
    last_progress_on = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ActionChangeSerializer(serializers.Serializer):
    """The fields of an action a client may change; any left out stay as they are."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000, allow_blank=True)
    owner_team = serializers.CharField(max_length=150, allow_blank=True)
    lead_officer = serializers.CharField(max_length=150, allow_blank=True)
    partners = serializers.CharField(max_length=20000, allow_blank=True)
    start_on = serializers.DateField(allow_null=True)
    target_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=LocalAction.Status.choices)
    rag = serializers.ChoiceField(choices=LocalAction.Rag.choices, allow_blank=True)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    success_measure = serializers.CharField(max_length=20000, allow_blank=True)
    priority = serializers.ChoiceField(choices=LocalAction.Priority.choices)


class ActionCreateSerializer(ActionChangeSerializer):
    """A new action: its reference, title and pillar are needed; codes name the plan's framework's parts."""

    reference = serializers.CharField(max_length=20, help_text="For example P2-04; unique in the plan.")
    pillar = serializers.CharField(max_length=20, help_text="The code of a pillar of the plan's framework.")
    outcome = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                    help_text="The code of an outcome of that pillar.")
    framework_actions = serializers.ListField(child=serializers.CharField(max_length=20), required=False,
                                              max_length=200, help_text="Codes of the framework actions it addresses.")
    tools = serializers.ListField(child=serializers.SlugField(max_length=200), required=False, max_length=100,
                                  help_text="Slugs of the toolkit's protective tools it uses.")

    def __init__(self, *args, plan: ActionPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # Only the reference, title and pillar are needed; the rest take the action form's defaults.
        for name, field in self.fields.items():
            field.required = name in ("reference", "title", "pillar")

    def validate(self, data):
        """Codes to rows of the plan's framework; a code that names nothing is a field error."""
        framework = self.plan.round.framework
        pillar = Pillar.objects.filter(framework=framework, code=data["pillar"]).first()
        if pillar is None:
            raise serializers.ValidationError({"pillar": ["No pillar with this code in the plan's framework."]})
        data["pillar"] = pillar
        if data.get("outcome"):
            outcome = Outcome.objects.filter(pillar=pillar, code=data["outcome"]).first()
            if outcome is None:
                raise serializers.ValidationError({"outcome": ["No outcome with this code in the pillar."]})
            data["outcome"] = outcome
        else:
            data["outcome"] = None
        codes = list(dict.fromkeys(data.pop("framework_actions", [])))
        found = {fa.code: fa for fa in FrameworkAction.objects.filter(framework=framework, code__in=codes)}
        if missing := [c for c in codes if c not in found]:
            raise serializers.ValidationError(
                {"framework_actions": [f"Not in the plan's framework: {', '.join(missing)}."]})
        data["framework_action_rows"] = [found[c] for c in codes]
        slugs = list(dict.fromkeys(data.pop("tools", [])))
        tools = {t.slug: t for t in Tactic.objects.filter(slug__in=slugs)}
        if missing := [s for s in slugs if s not in tools]:
            raise serializers.ValidationError({"tools": [f"Not in the toolkit: {', '.join(missing)}."]})
        data["tool_rows"] = [tools[s] for s in slugs]
        return data


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.IntegerField(source="action_id")
    on = serializers.DateField()
    author = serializers.CharField(source="author.full_name")
    narrative = serializers.CharField()
    rag = serializers.ChoiceField(choices=LocalAction.Rag.choices, allow_blank=True)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    created_at = serializers.DateTimeField()


class ProgressInSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The day the update describes: today or earlier.")
    narrative = serializers.CharField(max_length=4000)
    rag = serializers.ChoiceField(choices=LocalAction.Rag.choices, allow_blank=True)
    progress = serializers.IntegerField(min_value=0, max_value=100)


class ReviewCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.IntegerField(source="action_id", allow_null=True)
    author = serializers.CharField(source="author.full_name")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class AnswerInSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=4000)


class SignOffInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    rank = serializers.CharField(max_length=100)
    signed_on = serializers.DateField(help_text="Today or earlier.")
    statement = serializers.CharField(max_length=4000, allow_blank=True, default="")


class CommentInSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000)


class ActionCommentInSerializer(serializers.Serializer):
    action = serializers.IntegerField(min_value=1, help_text="The id of an action of this plan.")
    comment = serializers.CharField(max_length=4000)


class PlanReturnInSerializer(CommentInSerializer):
    action_comments = ActionCommentInSerializer(many=True, required=False, default=list, max_length=500)


class ApproveInSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, allow_blank=True, default="")


# --- Access ------------------------------------------------------------------------------------------

class PlanReader:
    """DRF permission: `action_plans.list_plans`, the rule of the plans pages."""

    def has_permission(self, request, view):
        return request.user.has_perm("action_plans.list_plans")

    def has_object_permission(self, request, view, obj):
        return True


def plan_for(request, pk: int, perm: str = VIEW) -> ActionPlan:
    """The page's access rule: 404 when the user may not know the plan exists, 403 without `perm`."""
    try:
        plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    except ActionPlan.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def _actions(plan: ActionPlan):
    return selectors.plan_actions(plan=plan).prefetch_related(
        Prefetch("tools", queryset=Tactic.objects.only("pk", "slug").order_by("slug"))
    )


def action_for(plan: ActionPlan, pk: int) -> LocalAction:
    try:
        return _actions(plan).get(pk=pk)
    except LocalAction.DoesNotExist as exc:
        raise Http404 from exc


# --- Plans -------------------------------------------------------------------------------------------

class PlanFilter(filters.FilterSet):
    force = filters.CharFilter(field_name="force__code", max_length=60, help_text="A force code, e.g. kent")
    status = filters.ChoiceFilter(choices=ActionPlan.Status.choices)
    round = IdFilter(field_name="round_id")
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = ActionPlan
        fields = ["force", "status", "round"]


@extend_schema(summary="List plans", description="Every plan you may read: your force's, every force's approved "
               "plans, and every plan for the national team. Cursor pages; follow `next`.")
class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    pagination_class = CursorPagination
    permission_classes = [PlanReader]
    ordering_fields = ["pk", "updated_at"]
    ordering = ["pk"]

    def get_queryset(self):
        return selectors.plan_list_for_user(user=self.request.user)


class PlanDetail(APIView):
    permission_classes = [PlanReader]

    def _answer(self, plan: ActionPlan) -> Response:
        plan = selectors.plan_get_for_user(user=self.request.user, pk=plan.pk)
        return Response(PlanSerializer(plan).data, headers={"ETag": plan_etag(plan)})

    @extend_schema(summary="One plan", responses=PlanSerializer)
    def get(self, request, pk: int):
        refuse_unknown_parameters(request)
        return self._answer(plan_for(request, pk))

    @extend_schema(summary="Change a plan's details", request=PlanDetailsSerializer, responses=PlanSerializer,
                   parameters=[IF_MATCH], description="The lead chief officer and foreword of a draft or "
                   "returned plan, as on the plan's details page. Both fields are needed.")
    def put(self, request, pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, CHANGE)
        require_if_match(request, plan_etag(plan))
        data = PlanDetailsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_update_details(plan=plan, actor=request.user, **data.validated_data)
        return self._answer(plan)


class _WorkflowStep(APIView):
    """POST one step of the workflow: the page's permission, then the page's service."""

    permission_classes = [PlanReader]
    perm = CHANGE
    body = None

    def call(self, request, plan: ActionPlan, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, self.perm)
        check_if_match(request, plan_etag(plan))
        data = {}
        if self.body is not None:
            serializer = self.body(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        self.call(request, plan, data)
        plan = selectors.plan_get_for_user(user=request.user, pk=plan.pk)
        return Response(PlanSerializer(plan).data, headers={"ETag": plan_etag(plan)})


def _step(summary: str, description: str, body=None):
    return extend_schema(summary=summary, description=description, request=body, responses=PlanSerializer,
                         parameters=[IF_MATCH_OPTIONAL])


class PlanSendForSignoff(_WorkflowStep):
    @_step("Send for sign-off", "A planner asks the force's chief officer to sign the plan off.")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        services.plan_send_for_signoff(plan=plan, actor=request.user)


class PlanSignOff(_WorkflowStep):
    perm = SIGN_OFF
    body = SignOffInSerializer

    @_step("Sign off", "The force's chief officer signs the plan off.", SignOffInSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        services.plan_sign_off(plan=plan, actor=request.user, name=data["name"], rank=data["rank"],
                               signed_on=data["signed_on"], statement=data["statement"])


class PlanSendBack(_WorkflowStep):
    perm = SIGN_OFF
    body = CommentInSerializer

    @_step("Send back", "The chief officer sends the plan back to the planners, saying what must change.",
           CommentInSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        services.plan_send_back(plan=plan, actor=request.user, comment=data["comment"])


class PlanSubmit(_WorkflowStep):
    @_step("Submit", "Submit a signed-off plan for national review.")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        services.plan_submit(plan=plan, actor=request.user)


class PlanReturn(_WorkflowStep):
    perm = REVIEW
    body = PlanReturnInSerializer

    @_step("Return to the force", "The national coordinator returns a submitted plan with an overall comment "
           "and optional comments on actions, which the force must answer.", PlanReturnInSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        comments = {c["action"]: c["comment"] for c in data["action_comments"]}
        services.plan_return(plan=plan, actor=request.user, comment=data["comment"], action_comments=comments)


class PlanApprove(_WorkflowStep):
    perm = REVIEW
    body = ApproveInSerializer

    @_step("Approve", "The national coordinator approves a submitted plan.", ApproveInSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def call(self, request, plan, data):
        services.plan_approve(plan=plan, actor=request.user, comment=data["comment"])


# --- Actions and progress ------------------------------------------------------------------------

class ActionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=LocalAction.Status.choices)
    rag = filters.ChoiceFilter(choices=LocalAction.Rag.choices[1:])
    pillar = filters.CharFilter(field_name="pillar__code", max_length=20)
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = LocalAction
        fields = ["status", "rag", "pillar"]


class ActionList(generics.ListAPIView):
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    pagination_class = CursorPagination
    permission_classes = [PlanReader]
    ordering_fields = ["pk", "updated_at"]
    ordering = ["pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LocalAction.objects.none()
        return _actions(plan_for(self.request, self.kwargs["pk"])).order_by()

    @extend_schema(summary="List a plan's actions", description="The plan's actions, cursor pages; follow `next`.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Add an action", request=ActionCreateSerializer, responses={201: ActionSerializer},
                   parameters=[IDEMPOTENCY_KEY],
                   description="Add an action to a draft or returned plan, as the action form does. Send an "
                   "Idempotency-Key so that a retry adds it once.")
    @idempotent
    def post(self, request, pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, CHANGE)
        data = ActionCreateSerializer(data=request.data, plan=plan)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        framework_actions, tools = fields.pop("framework_action_rows"), fields.pop("tool_rows")
        action = services.action_create(plan=plan, actor=request.user, framework_actions=framework_actions,
                                        tools=tools, **fields)
        action = action_for(plan, action.pk)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/plans/{plan.pk}/actions/{action.pk}/",
                                 "ETag": action_etag(action)})


class ActionDetail(APIView):
    permission_classes = [PlanReader]

    @extend_schema(summary="One action", responses=ActionSerializer)
    def get(self, request, pk: int, action_pk: int):
        refuse_unknown_parameters(request)
        action = action_for(plan_for(request, pk), action_pk)
        return Response(ActionSerializer(action).data, headers={"ETag": action_etag(action)})

    @extend_schema(summary="Change an action", request=ActionChangeSerializer, responses=ActionSerializer,
                   parameters=[IF_MATCH], description="Change some fields of an action of a draft or returned "
                   "plan; fields not sent stay as they are. If-Match is required: a stale edit is a 412.")
    def patch(self, request, pk: int, action_pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, CHANGE)
        action = action_for(plan, action_pk)
        require_if_match(request, action_etag(action))
        data = ActionChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.action_update(action=action, expected_version=action.lock_version, actor=request.user,
                               **data.validated_data)
        action = action_for(plan, action_pk)
        return Response(ActionSerializer(action).data, headers={"ETag": action_etag(action)})


class ProgressUpdateList(generics.ListAPIView):
    serializer_class = ProgressUpdateSerializer
    pagination_class = CursorPagination
    permission_classes = [PlanReader]
    filterset_class = None
    ordering = ["pk"]

    def _action(self) -> tuple[ActionPlan, LocalAction]:
        plan = plan_for(self.request, self.kwargs["pk"])
        return plan, action_for(plan, self.kwargs["action_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressUpdate.objects.none()
        _, action = self._action()
        return ProgressUpdate.objects.filter(action=action).select_related("author")

    @extend_schema(summary="List an action's progress updates", description="Oldest first; cursor pages.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Post a progress update", request=ProgressInSerializer,
                   responses={201: ProgressUpdateSerializer}, parameters=[IDEMPOTENCY_KEY],
                   description="On an action of an approved plan, as the update form does: the action takes "
                   "the update's RAG and progress. Send an Idempotency-Key so that a retry posts once.")
    @idempotent
    def post(self, request, pk: int, action_pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, PROGRESS)
        action = action_for(plan, action_pk)
        data = ProgressInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.progress_post(action=action, actor=request.user, **data.validated_data)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/plans/{plan.pk}/actions/{action.pk}/updates/"})


# --- Review comments -----------------------------------------------------------------------------

@extend_schema(summary="List a plan's review comments", description="The national team's comments and the "
               "force's answers, oldest first.")
class CommentList(generics.ListAPIView):
    serializer_class = ReviewCommentSerializer
    pagination_class = CursorPagination
    permission_classes = [PlanReader]
    filterset_class = None
    ordering = ["pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewComment.objects.none()
        return selectors.plan_comments(plan=plan_for(self.request, self.kwargs["pk"])).order_by()


class CommentAnswer(APIView):
    permission_classes = [PlanReader]

    @extend_schema(summary="Answer a review comment", request=AnswerInSerializer, responses=ReviewCommentSerializer,
                   parameters=[IF_MATCH_OPTIONAL])
    def post(self, request, pk: int, comment_pk: int):
        refuse_unknown_parameters(request)
        plan = plan_for(request, pk, CHANGE)
        comment = ReviewComment.objects.select_related("author").filter(plan=plan, pk=comment_pk).first()
        if comment is None:
            raise Http404
        check_if_match(request, comment_etag(comment))
        data = AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_answer(comment=comment, actor=request.user, response=data.validated_data["response"])
        return Response(ReviewCommentSerializer(comment).data, headers={"ETag": comment_etag(comment)})


urlpatterns = [
    path("", PlanList.as_view(), name="api-plans"),
    path("<int:pk>/", PlanDetail.as_view(), name="api-plan"),
    path("<int:pk>/send-for-signoff/", PlanSendForSignoff.as_view(), name="api-plan-send-for-signoff"),
    path("<int:pk>/sign-off/", PlanSignOff.as_view(), name="api-plan-sign-off"),
    path("<int:pk>/send-back/", PlanSendBack.as_view(), name="api-plan-send-back"),
    path("<int:pk>/submit/", PlanSubmit.as_view(), name="api-plan-submit"),
    path("<int:pk>/return/", PlanReturn.as_view(), name="api-plan-return"),
    path("<int:pk>/approve/", PlanApprove.as_view(), name="api-plan-approve"),
    path("<int:pk>/actions/", ActionList.as_view(), name="api-plan-actions"),
    path("<int:pk>/actions/<int:action_pk>/", ActionDetail.as_view(), name="api-plan-action"),
    path("<int:pk>/actions/<int:action_pk>/updates/", ProgressUpdateList.as_view(), name="api-action-updates"),
    path("<int:pk>/comments/", CommentList.as_view(), name="api-plan-comments"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", CommentAnswer.as_view(), name="api-comment-answer"),
]
