# policy-flow app image: TypeScript run by tsx (a runtime dependency), no build step.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY . .
USER node
EXPOSE 3000
CMD ["npm", "start"]
