from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Force, User


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "nation", "region"]
    list_filter = ["kind", "nation", "region"]
    search_fields = ["name", "code", "aliases"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "force", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser", "force"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "force"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "force", "password1", "password2"]}),
    ]
