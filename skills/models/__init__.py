"""Skills' models, one module per sub-domain; every model is importable from `skills.models`.

Models hold data, constraints and small derived properties; they import no logic module of the
app (the rules live in levels.py, evidence.py, assessments.py, portfolio_compute.py,
portfolio_read.py, which import these).
"""

from .evidence import (
    BASIS_OF_SOURCE,
    VERIFIED_BASES,
    Basis,
    LessonSkill,
    SelfAssessment,
    SkillEvidence,
    StaffSkillLevel,
)
from .frameworks import FrameworkRole, LevelDescriptor, Skill, SkillCategory, SkillFramework
from .portfolio import (
    PortfolioActivity,
    PortfolioCell,
    PortfolioGroup,
    PortfolioSnapshot,
    SkillFigures,
    StaffGroup,
)
from .quizzes import Question, Quiz, QuizAttempt
from .roles import RoleProfile, RoleTarget, StaffRole, role_profile_of

__all__ = [
    "BASIS_OF_SOURCE",
    "Basis",
    "VERIFIED_BASES",
    "FrameworkRole",
    "LessonSkill",
    "LevelDescriptor",
    "PortfolioActivity",
    "PortfolioCell",
    "PortfolioGroup",
    "PortfolioSnapshot",
    "Question",
    "Quiz",
    "QuizAttempt",
    "RoleProfile",
    "RoleTarget",
    "StaffRole",
    "role_profile_of",
    "SelfAssessment",
    "Skill",
    "SkillCategory",
    "SkillEvidence",
    "SkillFigures",
    "SkillFramework",
    "StaffGroup",
    "StaffSkillLevel",
]
