import {
  AlignLeftOutlined, ApartmentOutlined, BarcodeOutlined, CalculatorOutlined, CalendarOutlined, CheckSquareOutlined, ClockCircleOutlined,
  DownSquareOutlined, FieldNumberOutlined, FontSizeOutlined, FunctionOutlined, LinkOutlined, MailOutlined, MoneyCollectOutlined,
  NodeIndexOutlined, PaperClipOutlined, PercentageOutlined, PhoneOutlined, SearchOutlined, StarOutlined, TagsOutlined, UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { FieldTypeName } from '../api/types';

/** The icon of each field type in the palette and on the canvas. */
export const fieldIcons: Record<FieldTypeName, ReactNode> = {
  text: <FontSizeOutlined />, textarea: <AlignLeftOutlined />, number: <FieldNumberOutlined />, currency: <MoneyCollectOutlined />,
  percent: <PercentageOutlined />, rating: <StarOutlined />, email: <MailOutlined />, phone: <PhoneOutlined />, url: <LinkOutlined />,
  select: <DownSquareOutlined />, multiselect: <TagsOutlined />, checkbox: <CheckSquareOutlined />, date: <CalendarOutlined />,
  datetime: <ClockCircleOutlined />, member: <UserOutlined />, department: <ApartmentOutlined />, relation: <NodeIndexOutlined />,
  lookup: <SearchOutlined />, rollup: <CalculatorOutlined />, formula: <FunctionOutlined />, autonumber: <BarcodeOutlined />,
  attachment: <PaperClipOutlined />,
};
