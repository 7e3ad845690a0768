# policy-flow app image: TypeScript run by tsx (a runtime dependency); the web UI is built by Vite
# in a first stage (Vite is a development dependency) and copied into the runtime image.
FROM node:20-slim AS ui
WORKDIR /app
ENV IBM_TELEMETRY_DISABLED=true
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:ui

FROM node:20-slim
ENV NODE_ENV=production IBM_TELEMETRY_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
COPY --from=ui /app/ui/dist ./ui/dist
USER node
EXPOSE 3000
# not `npm start`: its prestart builds the UI, which is done above
CMD ["npx", "tsx", "main.ts"]
