"""Provinces, districts, sub-districts (DOPA codes) and the one centre per sub-district."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from thaitext.areas import centre_name


class Province(Base):
    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))

    def __repr__(self) -> str:
        return f"Province({self.code} {self.name_th})"


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))

    province: Mapped[Province] = relationship()

    def __repr__(self) -> str:
        return f"District({self.code} {self.name_th})"


class Subdistrict(Base):
    __tablename__ = "subdistricts"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))

    district: Mapped[District] = relationship()

    def __repr__(self) -> str:
        return f"Subdistrict({self.code} {self.name_th})"


class Centre(Base):
    """A volunteer-leader centre: exactly one per sub-district, joined with its code."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    subdistrict_code: Mapped[str] = mapped_column(ForeignKey("subdistricts.code"), unique=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    subdistrict: Mapped[Subdistrict] = relationship()

    @property
    def name_th(self) -> str:
        sub = self.subdistrict
        return centre_name(sub.name_th, sub.code, sub.district.name_th)

    def __repr__(self) -> str:
        return f"Centre({self.subdistrict_code})"
